package tw.einvoice.hub.lottery;

import java.util.List;

/** E0504 winner lists for tests, in the shape of the official schema (common/v40/E0504.xsd, AwardListTest checks it). */
public final class AwardLists {

    /** One PrizeInvoice: a full invoice number, the seller, the carrier type, and what it won. */
    public record Entry(String invoiceNumber, String invoiceDate, String sellerId, String carrierType, String prizeType, long amount) {
    }

    private AwardLists() {
    }

    public static String of(String headBan, String period, List<Entry> entries) {
        StringBuilder details = new StringBuilder();
        for (Entry e : entries) {
            details.append("""
                        <PrizeInvoice><InvTrack>%s</InvTrack><InvoiceNumber>%s</InvoiceNumber><InvoiceDate>%s</InvoiceDate>
                          <Seller><Identifier>%s</Identifier><Name>範例商行</Name></Seller><BuyerId>0000000000</BuyerId><TotalAmount>105</TotalAmount>
                          <CarrierType>%s</CarrierType><CarrierId1>M-x</CarrierId1><CarrierId2>M-x</CarrierId2><RandomNumber>1234</RandomNumber>
                          <PrizeType>%s</PrizeType><PrizeAmount>%d</PrizeAmount><DepositMark>N</DepositMark><RedeemDataType>1</RedeemDataType>
                          <PrizeDataSource>1</PrizeDataSource><PrintType>1</PrintType></PrizeInvoice>
                    """.formatted(e.invoiceNumber().substring(0, 2), e.invoiceNumber(), e.invoiceDate(), e.sellerId(), e.carrierType(),
                    e.prizeType(), e.amount()));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Award xmlns="urn:GEINV:eInvoiceMessage:E0504:4.0">
                  <Main><HeadBan>%s</HeadBan><YearMonth>%s</YearMonth><AwardListType>1</AwardListType><TotalRecordCnt>%d</TotalRecordCnt>
                    <TotalPrizeAmount>%d</TotalPrizeAmount><RecAwardBegin>1150206</RecAwardBegin><RecAwardEnd>1150505</RecAwardEnd></Main>
                  <Details>
                %s  </Details>
                </Award>
                """.formatted(headBan, period, entries.size(), entries.stream().mapToLong(Entry::amount).sum(), details);
    }
}
