package com.omnichannel.api.inbox;

import com.omnichannel.api.conversation.InboxEntry;
import java.util.List;

/**
 * One page of the inbox.
 *
 * @param next the cursor of the page after it; null when this is the last
 */
record InboxPage(List<InboxEntry> entries, String next) {}
