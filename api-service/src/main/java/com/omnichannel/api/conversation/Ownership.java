package com.omnichannel.api.conversation;

/** Who owns a conversation: its company, its owner, and whether that owner is the AI. */
public record Ownership(long companyId, long ownerId, boolean aiOwned) {}
