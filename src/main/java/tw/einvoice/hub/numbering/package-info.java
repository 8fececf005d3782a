/**
 * Invoice numbers: the MOF's assignments (E0501, CSV, manual), HQ → branch allocations with their legality
 * checks and E0401, the gapless {@link tw.einvoice.hub.numbering.NumberAllocator}, low-stock alerts, and the
 * period-end blank report (E0402). It knows nothing of the issue stage or the web layer: issue calls it.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"invoice", "mig", "signing", "transmit", "notify", "seller", "rules"})
package tw.einvoice.hub.numbering;
