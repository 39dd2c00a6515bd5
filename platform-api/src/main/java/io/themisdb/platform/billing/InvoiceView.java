package io.themisdb.platform.billing;

import io.themisdb.billing.invoice.Invoice;
import io.themisdb.billing.invoice.LineItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** An invoice as the API shows it: amounts in minor units of {@code currency}. */
record InvoiceView(
    String period,
    String currency,
    long total,
    boolean alertThresholdReached,
    boolean spendCapReached,
    Instant finalizedAt,
    List<Line> lines) {

  record Line(
      String kind, String plan, BigDecimal quantity, String unit, long unitPrice, long amount) {}

  static InvoiceView of(Invoice invoice) {
    return new InvoiceView(
        invoice.period().toString(),
        invoice.currency().getCurrencyCode(),
        invoice.total(),
        invoice.alertThresholdReached(),
        invoice.spendCapReached(),
        invoice.finalizedAt(),
        invoice.lines().stream().map(InvoiceView::line).toList());
  }

  private static Line line(LineItem l) {
    return new Line(
        l.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        l.planCode(),
        l.quantity(),
        l.unit(),
        l.unitPrice(),
        l.amount());
  }
}
