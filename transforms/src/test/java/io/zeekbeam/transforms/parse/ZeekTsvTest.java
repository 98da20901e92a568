package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.schemas.ZeekDns;
import io.zeekbeam.schemas.ZeekX509;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZeekTsvTest {
  private static final String DNS_HEADER =
      String.join(
          "\n",
          "#separator \\x09",
          "#set_separator\t,",
          "#empty_field\t(empty)",
          "#unset_field\t-",
          "#path\tdns",
          "#open\t2019-11-08-11-44-16",
          "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tqtype_name\tanswers\tTTLs\trejected",
          "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tstring\tvector[string]\tvector[interval]\tbool");

  private static ZeekTsv reader(String header) {
    ZeekTsv tsv = new ZeekTsv(null);
    for (String h : header.split("\n")) {
      assertTrue(ZeekTsv.isHeader(h));
      tsv.header(h);
    }
    return tsv;
  }

  @Test
  void readsRowsAfterTheHeader() throws Exception {
    ZeekTsv tsv = reader(DNS_HEADER);
    assertEquals(LogType.DNS, tsv.logType().orElseThrow());
    ZeekDns d =
        tsv.row(
            "1521911720.865716\tC2zK5f13SbCtKcyiW5\t10.47.1.100\t41772\t10.0.0.100\t53\tudp\tise.wrccdc.org\tA"
                + "\tise.wrccdc.cpp.edu,134.71.3.16\t2230.000000,41830.000000\tF");
    assertEquals(1521911720.865716, d.getTs());
    assertEquals(41772, d.getOrigP());
    assertEquals(List.of("ise.wrccdc.cpp.edu", "134.71.3.16"), d.getAnswers());
    assertEquals(List.of(2230.0, 41830.0), d.getTtls());
    assertEquals(Boolean.FALSE, d.getRejected());
  }

  @Test
  void unsetEmptyAndEscapes() throws Exception {
    ZeekTsv tsv = reader(DNS_HEADER);
    ZeekDns d =
        tsv.row("1.0\t-\t::1\t1\tfe80::1%eth0\t53\tudp\ta\\x09b\\x2cc\\\\d\\xc3\\xa9\t(empty)\tb\\x2cc,d\t(empty)\t-");
    assertNull(d.getUid());
    assertEquals("a\tb,c\\dé", d.getQuery(), "\\xHH bytes are UTF-8, \\\\ is a backslash");
    assertEquals("", d.getQtypeName(), "(empty) is the empty string");
    assertEquals(List.of("b,c", "d"), d.getAnswers(), "set elements are split, then unescaped");
    assertEquals(List.of(), d.getTtls(), "(empty) is the empty set");
    assertEquals("fe80::1%eth0", d.getRespH());
    assertNull(d.getRejected());
  }

  @Test
  void aRowWithTooFewColumnsIsRejected() {
    ZeekTsv tsv = reader(DNS_HEADER);
    String why =
        assertThrows(BadRecordException.class, () -> tsv.row("1.0\tC1\t10.0.0.1")).getMessage();
    assertEquals("TSV row has 3 columns but #fields declares 12", why);
  }

  @Test
  void aNewHeaderReplacesTheOld() throws Exception {
    ZeekTsv tsv = reader(DNS_HEADER);
    tsv.header("#close\t2019-11-08-12-00-00");
    tsv.header("#path\tconn");
    tsv.header("#fields\tts\tuid\torig_ip_bytes\tresp_ip_bytes\tservice");
    tsv.header("#types\ttime\tstring\tcount\tcount\tstring");
    ZeekConn c = tsv.row("2.5\tC9\t100\t200\t-");
    assertEquals(LogType.CONN, tsv.logType().orElseThrow());
    assertEquals(100L, c.getOrigIpBytes());
    assertEquals(200L, c.getRespIpBytes());
    assertNull(c.getService());
  }

  @Test
  void countsAboveSignedLongAreRejected() {
    ZeekTsv tsv = reader("#separator \\x09\n#path\tconn\n#fields\tts\torig_bytes");
    String why =
        assertThrows(BadRecordException.class, () -> tsv.row("1.0\t18446744073709551615"))
            .getMessage();
    assertTrue(why.contains("above 9223372036854775807"), why);
  }

  @Test
  void rowsOfLogsWeDoNotReadAreRefused() {
    ZeekTsv tsv = reader("#separator \\x09\n#path\tweird\n#fields\tts\tname");
    assertTrue(tsv.logType().isEmpty());
    assertEquals("weird", tsv.path());
    String why = assertThrows(BadRecordException.class, () -> tsv.row("1.0\tbad")).getMessage();
    assertTrue(why.contains("'weird'"), why);
  }

  @Test
  void x509TimesAndVectors() throws Exception {
    ZeekTsv tsv =
        reader(
            "#separator \\x09\n#set_separator\t,\n#path\tx509\n#fields\tts\tfingerprint\tcertificate.subject"
                + "\tcertificate.not_valid_before\tsan.dns\tbasic_constraints.ca");
    ZeekX509 x =
        tsv.row(
            "1521911720.624556\tb2da\tunstructuredName=1315656901\\\\,564d,CN=localhost.localdomain,O=VMware\\\\, Inc"
                + "\t1315656902.000000\tlocalhost.localdomain\tF");
    assertEquals("unstructuredName=1315656901\\,564d,CN=localhost.localdomain,O=VMware\\, Inc", x.getCertSubject());
    assertEquals(1315656902.0, x.getCertNotValidBefore());
    assertEquals(List.of("localhost.localdomain"), x.getSanDns());
  }
}
