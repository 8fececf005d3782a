package tw.einvoice.hub.transmit;

import java.time.OffsetDateTime;

/**
 * Turnkey could not sign an envelope for a seller (TURNKEY_SYSEVENT_LOG, ERRORCODE {@code -007}): the seller's
 * certificate configured in Turnkey is missing, expired or refused, and none of that seller's messages reach the
 * platform until it is fixed. Published once per entry, inside the transaction that moves the hub's watermark past it.
 *
 * @param partyId    Turnkey's PARTY_ID: the seller's BAN
 * @param sellerName the seller's name when the hub knows the seller, else null
 * @param at         when Turnkey wrote the entry (its EVENTDTS, Taipei time), or null when unreadable
 * @param eventDts   the EVENTDTS as Turnkey wrote it
 * @param messages   Turnkey's MESSAGE1..6 and INFORMATION1..3, joined
 */
public record TurnkeySigningFailed(String partyId, String sellerName, OffsetDateTime at, String eventDts,
                                   String messages) {
}
