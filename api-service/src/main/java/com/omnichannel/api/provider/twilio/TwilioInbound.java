package com.omnichannel.api.provider.twilio;

import com.omnichannel.api.company.Channel;
import com.omnichannel.api.conversation.ContactAddress;
import com.omnichannel.api.conversation.DeliveryStatus;
import com.omnichannel.api.conversation.InboundMessage;
import com.omnichannel.api.conversation.Media;
import com.omnichannel.api.conversation.MessageType;
import com.omnichannel.api.provider.ProviderEvents;
import com.omnichannel.api.provider.StatusUpdate;
import com.omnichannel.api.web.InvalidRequestException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Twilio's form parameters into our message or status. A message may carry several media; the
 * first is kept (its URL and type), the others stay at Twilio. A request without a message id or a
 * sender we can store is logged and acknowledged: Twilio's retries could not change it.
 */
final class TwilioInbound {

  private static final Logger log = LoggerFactory.getLogger(TwilioInbound.class);
  private static final String WHATSAPP_PREFIX = "whatsapp:";

  private TwilioInbound() {}

  /** An incoming message ("A message comes in"). */
  static ProviderEvents message(Channel channel, TwilioForm form) {
    String sid = form.present("MessageSid");
    String from = form.present("From");
    if (sid == null || from == null) {
      log.warn("Channel {}: Twilio message without MessageSid or From ignored", channel.id());
      return ProviderEvents.NONE;
    }
    ContactAddress address;
    try {
      address = ContactAddress.parse(channel, withoutWhatsAppPrefix(from));
    } catch (InvalidRequestException e) {
      log.warn(
          "Channel {}: Twilio message {} ignored: its sender {} is not a phone number",
          channel.id(),
          sid,
          from);
      return ProviderEvents.NONE;
    }
    String body = form.get("Body") == null ? "" : form.get("Body");
    MessageType type = MessageType.TEXT;
    Media media = null;
    if (mediaCount(form) > 0) {
      String contentType = form.present("MediaContentType0");
      type = mediaType(contentType);
      media = Media.at(form.present("MediaUrl0"), contentType, body.isEmpty() ? null : body);
    } else if (form.present("Latitude") != null && form.present("Longitude") != null) {
      // A WhatsApp location, as Twilio passes it on.
      type = MessageType.LOCATION;
      media =
          Media.location(
              number(form.present("Latitude")),
              number(form.present("Longitude")),
              form.present("Label"),
              form.present("Address"));
    } else if (form.present("ButtonText") != null) {
      // A tap on a WhatsApp quick-reply button.
      type = MessageType.BUTTON;
      body = form.present("ButtonText");
    }
    return ProviderEvents.of(
        new InboundMessage(address, form.present("ProfileName"), sid, type, body, media));
  }

  /**
   * A status callback. queued, accepted, sending (and any status not ours) change nothing;
   * undelivered and failed fail the message with Twilio's error code.
   */
  static ProviderEvents status(Channel channel, TwilioForm form) {
    String sid = form.present("MessageSid");
    String status = form.present("MessageStatus");
    if (sid == null || status == null) {
      log.warn("Channel {}: Twilio status without MessageSid or MessageStatus", channel.id());
      return ProviderEvents.NONE;
    }
    DeliveryStatus ours =
        switch (status.toLowerCase(Locale.ROOT)) {
          case "sent" -> DeliveryStatus.SENT;
          case "delivered" -> DeliveryStatus.DELIVERED;
          case "read" -> DeliveryStatus.READ;
          case "undelivered", "failed" -> DeliveryStatus.FAILED;
          default -> null;
        };
    if (ours == null) {
      return ProviderEvents.NONE;
    }
    String error = null;
    if (ours == DeliveryStatus.FAILED) {
      String code = form.present("ErrorCode");
      error = code == null ? "Twilio: " + status : "Twilio error " + code;
    }
    return ProviderEvents.of(new StatusUpdate(sid, ours, error));
  }

  private static String withoutWhatsAppPrefix(String from) {
    return from.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length())
        ? from.substring(WHATSAPP_PREFIX.length())
        : from;
  }

  private static int mediaCount(TwilioForm form) {
    String count = form.present("NumMedia");
    try {
      return count == null ? 0 : Integer.parseInt(count.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** image/*, audio/* and video/* are those; any other file is a document. */
  private static MessageType mediaType(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("image/")) {
      return MessageType.IMAGE;
    }
    if (type.startsWith("audio/")) {
      return MessageType.AUDIO;
    }
    return type.startsWith("video/") ? MessageType.VIDEO : MessageType.DOCUMENT;
  }

  private static Double number(String value) {
    try {
      return Double.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
