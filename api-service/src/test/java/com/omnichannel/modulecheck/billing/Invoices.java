package com.omnichannel.modulecheck.billing;

import com.omnichannel.modulecheck.orders.internal.OrderLedger;

/** Reaches into another module's internals: the forbidden import the verification must catch. */
public class Invoices {

  final OrderLedger ledger = new OrderLedger();
}
