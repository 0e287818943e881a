package com.omnichannel.modulecheck.orders.internal;

/** An internal of the orders module: no other module may use it. */
public class OrderLedger {}
