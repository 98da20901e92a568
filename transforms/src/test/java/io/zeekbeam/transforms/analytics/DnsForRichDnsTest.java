package io.zeekbeam.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

/** The DNS fields {@code rich-dns} keeps: its coder and its dead-letter text. */
class DnsForRichDnsTest {
  private static final DnsForRichDns FULL =
      new DnsForRichDns(
          1772409600.089192,
          "CO9APdg4FYXqDqDnld",
          "en.wikipedia.org",
          "192.168.1.35",
          54455,
          "192.168.1.1",
          53,
          "A",
          List.of("dyna.wikimedia.org", "185.15.59.224"),
          List.of(3600.0, 72.0));
  private static final DnsForRichDns UNSET =
      new DnsForRichDns(0.5, "Cunset", null, null, null, null, null, null, null, null);

  @Test
  void theCoderKeepsEveryFieldAndNulls() throws Exception {
    DnsForRichDns.DnsForRichDnsCoder coder = DnsForRichDns.DnsForRichDnsCoder.of();
    for (DnsForRichDns d : new DnsForRichDns[] {FULL, UNSET}) {
      CoderProperties.coderDecodeEncodeEqual(coder, d);
      CoderProperties.coderDeterministic(coder, d, d);
    }
    CoderProperties.coderSerializable(coder);
  }

  @Test
  void theTextIsJsonUnderZeeksFieldNames() throws Exception {
    JsonNode json = new ObjectMapper().readTree(DnsForRichDns.TEXT.apply(FULL));
    assertEquals(1772409600.089192, json.get("ts").asDouble());
    assertEquals("CO9APdg4FYXqDqDnld", json.get("uid").asText());
    assertEquals("en.wikipedia.org", json.get("query").asText());
    assertEquals("192.168.1.35", json.get("id.orig_h").asText());
    assertEquals(54455, json.get("id.orig_p").asInt());
    assertEquals("192.168.1.1", json.get("id.resp_h").asText());
    assertEquals(53, json.get("id.resp_p").asInt());
    assertEquals("A", json.get("qtype_name").asText());
    assertEquals("185.15.59.224", json.get("answers").get(1).asText());
    assertEquals(72.0, json.get("TTLs").get(1).asDouble());
    JsonNode unset = new ObjectMapper().readTree(DnsForRichDns.TEXT.apply(UNSET));
    assertFalse(unset.has("query"));
    assertFalse(unset.has("answers"));
  }
}
