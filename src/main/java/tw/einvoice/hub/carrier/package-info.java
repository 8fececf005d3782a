/**
 * Members and their member carriers (會員載具): the seller's member-carrier type code (assigned by the platform), a
 * carrier id and hidden code derived from the member's identity with a secret (stable, unique, not guessable), members
 * enrolled from connector data ({@code member} in the canonical invoice) or the API, and the invoice's carrier filled
 * from its member before validation. See docs/members.md.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"invoice", "rules", "seller"})
package tw.einvoice.hub.carrier;
