package com.omnichannel.modulecheck;

/**
 * The root of two tiny modules whose only purpose is to show that the module verification fails
 * when a feature reaches into another's internals: {@code billing} uses {@code orders.internal}.
 */
public class ModuleCheckApplication {}
