package tw.einvoice.hub.mig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigReaderTest {

    private final MigReader reader = new MigReader();

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBackTheInvoice() {
        MigReader.InvoiceInfo info = reader.readInvoice(MigSamples.WRITER.invoice(MigSamples.b2c()));
        assertThat(info.invoiceNumber()).isEqualTo("ZZ00000001");
        assertThat(info.invoiceDate()).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(info.invoiceTime()).isEqualTo(LocalTime.of(10, 15, 30));
        assertThat(info.sellerId()).isEqualTo("04595257");
        assertThat(info.buyerId()).isEqualTo("0000000000");
        assertThat(info.randomNumber()).isEqualTo("0427");
        assertThat(info.carrierType()).isEqualTo("3J0002");
        assertThat(info.donateMark()).isEqualTo("0");
        assertThat(info.printMark()).isEqualTo("N");
        assertThat(info.itemCount()).isEqualTo(2);
        assertThat(info.taxRate()).isEqualByComparingTo("0.05");
    }

    @Test
    void readsBackTheOtherMessages() {
        MigWriter w = MigSamples.WRITER;
        MigReader.CancelInfo cancel = reader.readCancel(w.cancel(MigSamples.cancel()));
        assertThat(cancel.buyerId()).isEqualTo("0000000000");
        assertThat(cancel.cancelTime()).isEqualTo(LocalTime.of(9, 0, 5));
        assertThat(reader.readVoid(w.voidInvoice(MigSamples.voidInvoice())).reason()).isEqualTo("買方統編錯誤");
        MigReader.AllowanceInfo allowance = reader.readAllowance(w.allowance(MigSamples.allowance()));
        assertThat(allowance.totalAmount()).isEqualByComparingTo("200");
        assertThat(allowance.taxAmount()).isEqualByComparingTo("10");
        assertThat(allowance.originalInvoiceNumbers()).containsExactly("ZZ00000002");
        assertThat(reader.readCancelAllowance(w.cancelAllowance(MigSamples.cancelAllowance())).allowanceType())
                .isEqualTo("2");
        MigReader.BranchTrackInfo track = reader.readBranchTrack(w.branchTrack(MigSamples.branchTrack()));
        assertThat(track.ranges()).containsExactly(new MigReader.Range("00000000", "00000099", 2),
                new MigReader.Range("00000100", "00000149", 1));
        assertThat(reader.readBranchTrackBlank(w.branchTrackBlank(MigSamples.branchTrackBlank())).ranges())
                .containsExactly(new MigReader.Range("00000042", "00000049", 0));
    }

    @Test
    void wrongRootIsAFormatError() {
        assertThatThrownBy(() -> reader.readCancel(MigSamples.WRITER.invoice(MigSamples.b2c())))
                .isInstanceOf(MigFormatException.class).hasMessageContaining("CancelInvoice");
    }

    @Test
    void everyReaderRefusesADoctype() {
        String xxe = MigSchemaTest.XXE;
        List<Consumer<String>> readers = List.of(reader::readInvoice, reader::readCancel, reader::readVoid,
                reader::readAllowance, reader::readCancelAllowance, reader::readBranchTrack,
                reader::readBranchTrackBlank, x -> reader.readAssignments(stream(x)),
                x -> reader.readSummaryResult(stream(x)));
        for (Consumer<String> r : readers) {
            assertThatThrownBy(() -> r.accept(xxe)).isInstanceOf(MigFormatException.class)
                    .hasMessageContaining("DOCTYPE is not allowed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.0", "4.1"})
    void readsE0501Assignments(String version) {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <InvoiceEnvelope xmlns="urn:GEINV:InvoiceEnvelope:%s">
                  <From><PartyId>24634102</PartyId></From>
                  <FromVAC><RoutingId>MOF</RoutingId></FromVAC>
                  <To><PartyId>04595257</PartyId></To>
                  <ToVAC><RoutingId>04595257</RoutingId></ToVAC>
                  <InvoicePack messageType="E0501" count="2" version="4.0">
                    <InvoiceAssignNo xmlns="urn:GEINV:E0501:4.0">
                      <Ban>04595257</Ban><InvoiceType>07</InvoiceType><YearMonth>11404</YearMonth>
                      <InvoiceTrack>AB</InvoiceTrack><InvoiceBeginNo>12345600</InvoiceBeginNo>
                      <InvoiceEndNo>12345699</InvoiceEndNo><InvoiceBooklet>2</InvoiceBooklet>
                    </InvoiceAssignNo>
                    <InvoiceAssignNo xmlns="urn:GEINV:E0501:4.0">
                      <InvoiceBooklet>1</InvoiceBooklet><Ban>04595257</Ban><InvoiceType>08</InvoiceType>
                      <YearMonth>11404</YearMonth><InvoiceTrack>AC</InvoiceTrack>
                      <InvoiceBeginNo>00000000</InvoiceBeginNo><InvoiceEndNo>00000049</InvoiceEndNo>
                    </InvoiceAssignNo>
                  </InvoicePack>
                </InvoiceEnvelope>
                """.formatted(version);
        assertThat(reader.readAssignments(stream(xml))).containsExactly(
                new Assignment("04595257", "07", "11404", "AB", "12345600", "12345699", 2),
                new Assignment("04595257", "08", "11404", "AC", "00000000", "00000049", 1));
    }

    /** The shape Turnkey's JAXB binds: ResultType, the ResultDetailType wrapper, Invoice, yyyyMMdd. */
    @Test
    void readsSummaryResultAsTurnkeyWritesIt() {
        String xml = """
                <SummaryResult xmlns="urn:GEINV:SummaryResult:4.1">
                  <RoutingInfo>
                    <From><PartyId>EINVOICE</PartyId></From><FromVAC><RoutingId>X</RoutingId></FromVAC>
                    <To><PartyId>04595257</PartyId></To><ToVAC><RoutingId>Y</RoutingId></ToVAC>
                  </RoutingInfo>
                  <DetailList>
                    <Message>
                      <Info><Id>X-F0401-20261125-101500-abc</Id><Size>1</Size><MessageType>F0401</MessageType></Info>
                      <ResultType>
                        <Total><ResultDetailType><Count>2</Count><Invoices>
                          <Invoice><ReferenceNumber>ZZ00000001</ReferenceNumber><InvoiceDate>20261125</InvoiceDate></Invoice>
                          <Invoice><ReferenceNumber>ZZ00000002</ReferenceNumber><InvoiceDate>20261125</InvoiceDate></Invoice>
                        </Invoices></ResultDetailType></Total>
                        <Good><ResultDetailType><Count>2</Count><Invoices>
                          <Invoice><ReferenceNumber>ZZ00000001</ReferenceNumber><InvoiceDate>20261125</InvoiceDate></Invoice>
                          <Invoice><ReferenceNumber>ZZ00000002</ReferenceNumber><InvoiceDate>20261125</InvoiceDate></Invoice>
                        </Invoices></ResultDetailType></Good>
                        <Failed><ResultDetailType><Count>0</Count></ResultDetailType></Failed>
                      </ResultType>
                    </Message>
                  </DetailList>
                </SummaryResult>
                """;
        SummaryResult result = reader.readSummaryResult(stream(xml));
        assertThat(result.fromPartyId()).isEqualTo("EINVOICE");
        assertThat(result.toPartyId()).isEqualTo("04595257");
        SummaryResult.MessageSummary m = result.messages().get(0);
        assertThat(m.id()).isEqualTo("X-F0401-20261125-101500-abc");
        assertThat(m.messageType()).isEqualTo("F0401");
        assertThat(m.total().count()).isEqualTo(2);
        assertThat(m.good().invoices()).extracting(SummaryResult.Invoice::referenceNumber)
                .containsExactly("ZZ00000001", "ZZ00000002");
        assertThat(m.failed()).isEqualTo(new SummaryResult.Count(0, List.of()));
    }

    /** The bundled-XSD shape: 4.0 namespace, Result, no wrapper, Invocie, xsd:date. */
    @Test
    void readsSummaryResultInTheSchemaShape() {
        String xml = """
                <SummaryResult xmlns="urn:GEINV:SummaryResult:4.0">
                  <RoutingInfo><From><PartyId>EINVOICE</PartyId></From><To><PartyId>04595257</PartyId></To></RoutingInfo>
                  <DetailList>
                    <Message>
                      <Info><Id>X-G0401-20261126-090000-def</Id><MessageType>G0401</MessageType></Info>
                      <Result>
                        <Total><Count>1</Count><Invoices>
                          <Invocie><ReferenceNumber>AL2026112600001</ReferenceNumber><InvoiceDate>2026-11-26</InvoiceDate></Invocie>
                        </Invoices></Total>
                        <Good><Count>0</Count></Good>
                        <Failed><Count>1</Count><Invoices>
                          <Invocie><ReferenceNumber>AL2026112600001</ReferenceNumber><InvoiceDate>2026-11-26+08:00</InvoiceDate></Invocie>
                        </Invoices></Failed>
                      </Result>
                    </Message>
                  </DetailList>
                </SummaryResult>
                """;
        SummaryResult.MessageSummary m = reader.readSummaryResult(stream(xml)).messages().get(0);
        assertThat(m.total().invoices()).containsExactly(
                new SummaryResult.Invoice("AL2026112600001", LocalDate.of(2026, 11, 26)));
        assertThat(m.good().count()).isZero();
        assertThat(m.failed().invoices()).singleElement()
                .extracting(SummaryResult.Invoice::invoiceDate).isEqualTo(LocalDate.of(2026, 11, 26));
    }

    @Test
    void summaryResultWriterRoundTrips() {
        SummaryResult.Count two = SummaryResult.Count.of(List.of(
                new SummaryResult.Invoice("ZZ00000001", LocalDate.of(2026, 11, 25)),
                new SummaryResult.Invoice("ZZ00000002", LocalDate.of(2026, 11, 25))));
        SummaryResult result = new SummaryResult("EINVOICE", "04595257", List.of(new SummaryResult.MessageSummary(
                "X-F0401-20261125-101500-abc", "F0401", two, two, new SummaryResult.Count(0, List.of()))));
        String xml = MigSamples.WRITER.summaryResult(result);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("<SummaryResult xmlns=\"urn:GEINV:SummaryResult:4.1\">", "<ResultType>",
                        "<ResultDetailType>", "<InvoiceDate>20261125</InvoiceDate>")
                .doesNotContain("Invocie");
        assertThat(reader.readSummaryResult(stream(xml))).isEqualTo(result);
    }
}
