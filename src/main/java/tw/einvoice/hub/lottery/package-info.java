/**
 * The uniform-invoice lottery (統一發票兌獎) for invoices kept on the merchant's member carriers: each period's
 * winning numbers (upload, manual entry or a configured HTTP source), matching by the MOF's lottery rules
 * ({@link tw.einvoice.hub.lottery.WinningNumbers}, plain Java), the platform's winner list E0504 for the cloud
 * prizes, one notice per winner through {@code notify}, and the winners report for finance.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"carrier", "invoice", "mig", "notify", "rules"})
package tw.einvoice.hub.lottery;
