package io.zeekbeam.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

/** The conn fields {@code rich-dns} keeps: its coder and its dead-letter text. */
class ConnForDnsTest {
  private static final ConnForDns FULL =
      new ConnForDns("CabcDEF123", 1772409623.721269, 1234L, 56789L, true);
  private static final ConnForDns UNSET = new ConnForDns("Cunset", 0.5, null, null, false);

  @Test
  void theCoderKeepsEveryFieldAndNulls() throws Exception {
    ConnForDns.ConnForDnsCoder coder = ConnForDns.ConnForDnsCoder.of();
    for (ConnForDns c : new ConnForDns[] {FULL, UNSET}) {
      CoderProperties.coderDecodeEncodeEqual(coder, c);
      CoderProperties.coderDeterministic(coder, c, c);
      CoderProperties.coderSerializable(coder);
    }
  }

  @Test
  void theTextIsJsonUnderZeeksFieldNames() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ConnForDns.TEXT.apply(FULL));
    assertEquals("CabcDEF123", json.get("uid").asText());
    assertEquals(1772409623.721269, json.get("ts").asDouble());
    assertEquals(1234L, json.get("orig_ip_bytes").asLong());
    assertEquals(56789L, json.get("resp_ip_bytes").asLong());
    assertEquals(true, json.get("local_orig").asBoolean());
    JsonNode unset = new ObjectMapper().readTree(ConnForDns.TEXT.apply(UNSET));
    assertEquals(false, unset.has("orig_ip_bytes"));
    assertEquals(false, unset.has("resp_ip_bytes"));
  }
}
