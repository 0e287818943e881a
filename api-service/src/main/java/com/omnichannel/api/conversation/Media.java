package com.omnichannel.api.conversation;

/**
 * What a non-text message carries, as its provider described it. The file itself stays at the
 * provider; {@code id} (or {@code url}) is how to fetch it. Fields a kind does not have are null.
 *
 * @param id the provider's media id (WhatsApp's media id, Telegram's file_id)
 * @param url where the provider serves the file, when it gives a URL (Twilio's MediaUrl)
 * @param mimeType the file's media type
 * @param caption the text sent with it
 * @param filename a document's file name
 * @param latitude a location's latitude
 * @param longitude a location's longitude
 * @param name a location's name, or a shared contact's name
 * @param address a location's address
 * @param emoji a reaction's emoji
 * @param reactsTo the provider's id of the message a reaction is to
 */
public record Media(
    String id,
    String url,
    String mimeType,
    String caption,
    String filename,
    Double latitude,
    Double longitude,
    String name,
    String address,
    String emoji,
    String reactsTo) {

  /** Media with only an id, type and caption: an image, audio, video or sticker. */
  public static Media file(String id, String mimeType, String caption) {
    return new Media(id, null, mimeType, caption, null, null, null, null, null, null, null);
  }

  /** A document: a file with its name. */
  public static Media document(String id, String mimeType, String caption, String filename) {
    return new Media(id, null, mimeType, caption, filename, null, null, null, null, null, null);
  }

  /** A file the provider serves at a URL rather than under an id. */
  public static Media at(String url, String mimeType, String caption) {
    return new Media(null, url, mimeType, caption, null, null, null, null, null, null, null);
  }

  /** A location, with the name and address of the place when the contact chose one. */
  public static Media location(Double latitude, Double longitude, String name, String address) {
    return new Media(null, null, null, null, null, latitude, longitude, name, address, null, null);
  }

  /** A shared contact card, by the name on it. */
  public static Media contact(String name) {
    return new Media(null, null, null, null, null, null, null, name, null, null, null);
  }

  /** A reaction with {@code emoji} to the provider's message {@code reactsTo}. */
  public static Media reaction(String emoji, String reactsTo) {
    return new Media(null, null, null, null, null, null, null, null, null, emoji, reactsTo);
  }
}
