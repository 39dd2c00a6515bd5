package io.themisdb.engine.violation;

import io.themisdb.billing.violation.Invoice;
import org.springframework.http.HttpStatus;

/** Fixture: breaks every rule at once, so the rules are shown to be able to fail. */
public class EngineUsingBillingAndWeb {
  public HttpStatus charge(Invoice invoice) {
    return invoice.amountMinor() > 0 ? HttpStatus.OK : HttpStatus.PAYMENT_REQUIRED;
  }
}
