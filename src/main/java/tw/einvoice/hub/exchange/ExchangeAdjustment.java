package tw.einvoice.hub.exchange;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A cancel (A0201), allowance (B0101) or allowance cancel (B0201) of an exchanged invoice, sent or received.
 *
 * @param reference     the cancelled invoice's number (A0201) or the allowance's number (B0101, B0201)
 * @param invoiceNumber the exchanged invoice it adjusts
 * @param status        {@code PENDING} until the counterpart's answer, then {@code CONFIRMED}
 * @param answerType    A0202, B0102 or B0202 once answered
 * @param cancelled     for a B0101: a B0201 for it was answered
 */
public record ExchangeAdjustment(UUID id, String messageType, String reference, String invoiceNumber, String status,
                                 String answerType, OffsetDateTime answerDue, boolean cancelled) {
}
