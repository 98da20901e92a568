package io.zeekbeam.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.pipelines.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client settings from a file, and that their secrets stay out of everything printed. */
class KafkaPropertiesTest {
  static final String MARKER = "Marker-Pw-7f3a9c";

  @TempDir Path tmp;

  private Path file() throws Exception {
    Path f = tmp.resolve("client.properties");
    Files.writeString(
        f,
        "security.protocol=SASL_SSL\n"
            + "sasl.mechanism=PLAIN\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\\n"
            + "    username=\"alice\" password=\"" + MARKER + "\";\n"
            + "ssl.truststore.location=/etc/kafka/truststore.jks\n"
            + "ssl.truststore.password=trust-" + MARKER + "\n");
    return f;
  }

  @Test
  void loadsEverySettingForTheClients() throws Exception {
    Map<String, Object> m = KafkaProperties.load(file().toString());
    assertEquals("SASL_SSL", m.get("security.protocol"));
    assertEquals("/etc/kafka/truststore.jks", m.get("ssl.truststore.location"));
    assertTrue(m.get("sasl.jaas.config").toString().contains("password=\"" + MARKER + "\""));
    assertTrue(KafkaProperties.load(null).isEmpty());
    assertTrue(KafkaProperties.load(" ").isEmpty());
  }

  @Test
  void redactedAndScrubbedTextsHoldNoSecret() throws Exception {
    KafkaProperties p = KafkaProperties.read(file().toString());
    Map<String, String> shown = p.redacted();
    assertEquals("SASL_SSL", shown.get("security.protocol"));
    assertEquals(KafkaProperties.MASK, shown.get("sasl.jaas.config"));
    assertEquals(KafkaProperties.MASK, shown.get("ssl.truststore.password"));
    assertFalse(shown.toString().contains(MARKER));
    assertFalse(p.toString().contains(MARKER));
    String leaky =
        "login failed for password=" + MARKER + " and trust-" + MARKER + " (" + p.asMap() + ")";
    String scrubbed = p.scrub(leaky);
    assertFalse(scrubbed.contains(MARKER), scrubbed);
    assertTrue(scrubbed.startsWith("login failed for password=*****"), scrubbed);
  }

  @Test
  void aMissingFileIsAUsageMistakeThatNamesOnlyTheFile() {
    UsageException e =
        assertThrows(
            UsageException.class, () -> KafkaProperties.load(tmp.resolve("nope").toString()));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void secretKeys() {
    for (String k :
        new String[] {
          "sasl.jaas.config", "ssl.keystore.password", "ssl.key.password", "sasl.oauthbearer.token",
          "basic.auth.user.info.secret"
        }) {
      assertTrue(KafkaProperties.isSecret(k), k);
    }
    assertFalse(KafkaProperties.isSecret("security.protocol"));
    assertFalse(KafkaProperties.isSecret("bootstrap.servers"));
  }
}
