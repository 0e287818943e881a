package com.omnichannel.bench;

/**
 * What became of the inbound messages of one phase, as the database has them: how many were stored,
 * how many have their AI reply, and how many of those replies the provider reported 'read' or gave
 * up on ('failed').
 */
record ReplyCount(long inbound, long replies, long read, long failed) {

  static final ReplyCount NONE = new ReplyCount(0, 0, 0, 0);

  /**
   * Every accepted inbound message is stored and has its reply read. A delivery whose answer the
   * generator gave up on may have been stored all the same; then its reply counts too.
   */
  boolean allRead(long accepted) {
    return read >= Math.max(accepted, inbound);
  }

  /** Nothing left to happen: every accepted inbound message has a reply that is read or failed. */
  boolean settled(long accepted) {
    return inbound >= accepted && replies >= inbound && read + failed >= inbound;
  }

  /** Accepted (or stored) inbound messages without a reply that was read. */
  long unanswered(long accepted) {
    return Math.max(0, Math.max(accepted, inbound) - read);
  }
}
