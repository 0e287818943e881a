package com.omnichannel.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook latency of each provider path at one fixed rate, beside the generic path, in one run:
 * {@code bench.warmup-seconds} of the generic path at {@code bench.rate} deliveries a second, not
 * counted, then {@code bench.seconds} of each path in turn at that rate (those {@code bench.paths}
 * names, in its order; all four by default). Each path posts to its demo channel the provider's own
 * way, with the credentials bin/local-stack gives the demo seed and the simulator: the generic JSON
 * to channel 1, Meta's webhook signed under the app secret to channel 3, Twilio's signed form to
 * channel 4, a Telegram Update with the secret token to channel 5. Provider ids are unique in the
 * run; senders are spread over {@code bench.contacts} numbers or chats per path, each path (and the
 * warm-up) in a range of its own, so that every phase finds as many new contacts as the others.
 *
 * <p>An open model over keep-alive connections ({@link OpenModelLoad}): one thread fires each
 * delivery when it is due whatever the answers do, and latency is counted from when it was due; how
 * late it fired is reported too. Unlike the overload, deliveries share keep-alive connections, as a
 * provider keeps its connections at a steady rate; the requests of a phase are built before it
 * starts, so signing them takes nothing from the schedule.
 *
 * <p>Writes the report, a Markdown table, to argument 1 and prints it.
 */
public final class ProviderLatency {

  static final String WHATSAPP_APP_SECRET = "demo-whatsapp-app-secret";
  static final String TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000001";
  static final String TWILIO_AUTH_TOKEN = "demo-twilio-auth-token";
  static final String TELEGRAM_SECRET_TOKEN = "demo-telegram-secret-token";

  /** Long enough for the replies of one phase to land before the next starts. */
  private static final Duration PAUSE = Duration.ofSeconds(5);

  /** One delivery: its sequence number in the run and its sender, a number of the phase's range. */
  record Delivery(String run, long sequence, int range, int contact, long epochSecond) {

    /** The sender's national digits after +1: 777, the range, then the contact. */
    String digits() {
      return "1777%d%06d".formatted(range, contact);
    }
  }

  /** The paths measured by default, in the order they run; {@code bench.paths} chooses others. */
  static final String ALL_PATHS = "generic,whatsapp_cloud,twilio,telegram";

  /** The paths that can be measured. */
  enum Webhook {
    GENERIC("generic", "/webhooks/inbound") {
      @Override
      HttpRequest.Builder request(String url, Delivery d) {
        return json(
            url,
            """
            {"company_id":1,"channel_id":1,"from":"+%s","text":"Benchmark message %d",\
            "channel_message_id":"%s-%2$d"}"""
                .formatted(d.digits(), d.sequence(), d.run()));
      }
    },
    WHATSAPP_CLOUD("WhatsApp Cloud", "/webhooks/whatsapp/3") {
      @Override
      HttpRequest.Builder request(String url, Delivery d) {
        String body =
            """
            {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"value":\
            {"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000003",\
            "phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Bench"},\
            "wa_id":"%1$s"}],"messages":[{"from":"%1$s","id":"wamid.%2$s-%3$d","timestamp":"%4$d",\
            "type":"text","text":{"body":"Benchmark message %3$d"}}]},"field":"messages"}]}]}"""
                .formatted(d.digits(), d.run(), d.sequence(), d.epochSecond());
        String signature = HexFormat.of().formatHex(hmac("HmacSHA256", WHATSAPP_APP_SECRET, body));
        return json(url, body).header("X-Hub-Signature-256", "sha256=" + signature);
      }
    },
    TWILIO("Twilio", "/webhooks/twilio/4") {
      @Override
      HttpRequest.Builder request(String url, Delivery d) {
        // Signed over the URL posted to: the OMNI_PUBLIC_BASE_URL bin/local-stack gives the API.
        Map<String, String> form = new TreeMap<>();
        form.put("MessageSid", "SM%016x%016x".formatted(d.run().hashCode(), d.sequence()));
        form.put("AccountSid", TWILIO_ACCOUNT_SID);
        form.put("From", "+" + d.digits());
        form.put("To", "+15005550006");
        form.put("Body", "Benchmark message " + d.sequence());
        form.put("NumMedia", "0");
        StringBuilder signed = new StringBuilder(url);
        form.forEach((name, value) -> signed.append(name).append(value));
        String body =
            form.entrySet().stream()
                .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "X-Twilio-Signature",
                Base64.getEncoder()
                    .encodeToString(hmac("HmacSHA1", TWILIO_AUTH_TOKEN, signed.toString())))
            .POST(HttpRequest.BodyPublishers.ofString(body));
      }
    },
    TELEGRAM("Telegram", "/webhooks/telegram/5") {
      @Override
      HttpRequest.Builder request(String url, Delivery d) {
        // Chat ids below 2^31, as older accounts have them; update ids count up from the start.
        long chat = 1_777_000_000L + d.contact();
        String body =
            """
            {"update_id":%d,"message":{"message_id":%d,"from":{"id":%3$d,"is_bot":false,\
            "first_name":"Bench"},"chat":{"id":%3$d,"type":"private","first_name":"Bench"},\
            "date":%4$d,"text":"Benchmark message %2$d"}}"""
                .formatted(d.epochSecond() + d.sequence(), d.sequence(), chat, d.epochSecond());
        return json(url, body).header("X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET_TOKEN);
      }
    };

    final String label;
    final String path;

    Webhook(String provider, String path) {
      this.label = provider + ", " + path;
      this.path = path;
    }

    abstract HttpRequest.Builder request(String url, Delivery delivery);
  }

  /** What one phase measured; latencies in nanoseconds, an unanswered delivery as the timeout. */
  record Outcome(
      String label, int ok, Map<String, Integer> notOk, String sample, long[] sorted, long late) {

    String row() {
      String latencies =
          DoubleStream.of(50, 90, 99, 99.9, 100)
              .mapToObj(p -> ms(OpenModelLoad.percentile(sorted, p)))
              .collect(Collectors.joining(" | "));
      String others = notOk.isEmpty() ? "none" : notOk.toString().replaceAll("[{}]", "");
      return "| %s | %d | %d | %s | %s | %s |%n"
          .formatted(label, sorted.length, ok, others, latencies, ms(late));
    }
  }

  private final String baseUrl = System.getProperty("bench.url", "http://127.0.0.1:8000");
  private final String run = System.getProperty("bench.run", "providers");
  private final double rate = Double.parseDouble(System.getProperty("bench.rate", "100"));
  private final int contacts = Integer.getInteger("bench.contacts", 10_000);
  private final OpenModelLoad load = new OpenModelLoad();
  private long sequence;

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 30);
    int warmup = Integer.getInteger("bench.warmup-seconds", 60);
    var bench = new ProviderLatency();
    // The warm-up's senders are a range no phase uses (9), so the generic phase meets new contacts.
    System.out.printf(Locale.ROOT, "== warm-up: generic, %d s at %.0f req/s%n", warmup, bench.rate);
    System.out.print(bench.phase(Webhook.GENERIC, 9, warmup).row());
    StringBuilder table = new StringBuilder();
    StringBuilder answers = new StringBuilder();
    for (String name : System.getProperty("bench.paths", ALL_PATHS).split(",")) {
      Webhook webhook = Webhook.valueOf(name.strip().toUpperCase(Locale.ROOT));
      Thread.sleep(PAUSE.toMillis());
      System.out.printf(
          Locale.ROOT, "== %s: %d s at %.0f req/s%n", webhook.label, seconds, bench.rate);
      Outcome outcome = bench.phase(webhook, webhook.ordinal(), seconds);
      System.out.print(outcome.row());
      table.append(outcome.row());
      if (outcome.sample() != null) {
        answers.append("- %s: %s%n".formatted(outcome.label(), outcome.sample()));
      }
    }
    bench.load.close();
    String report =
        String.format(
            Locale.ROOT,
            """
            # Provider webhooks at a fixed rate, %s

            Machine: %d cores. Stack: bin/local-stack with its defaults, the whole loop running \
            (api-service, ai-reply-worker, channel-gateway and provider-simulator: each AI reply \
            goes out through its provider's API to the simulator, and the provider's statuses \
            come back as webhooks while the next deliveries arrive).
            Each path %d s at %.0f req/s, one after the other in the table's order, in an open \
            model over keep-alive connections, latency from when each delivery was due; before \
            them %d s of the generic path at that rate, not counted; %d s between paths. \
            Senders: %d numbers (chats) per path.

            | path | sent | 2xx | not 2xx | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | generator late, max ms |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            %s%s""",
            LocalDateTime.now().withNano(0),
            Runtime.getRuntime().availableProcessors(),
            seconds,
            bench.rate,
            warmup,
            PAUSE.toSeconds(),
            bench.contacts,
            table,
            answers.isEmpty() ? "" : "\nOne answer that was not 2xx, per path:\n\n" + answers);
    Files.writeString(Path.of(args[0]), report);
    System.out.print(report);
  }

  /** {@code seconds} of one path at the rate; returns once every delivery is answered or failed. */
  Outcome phase(Webhook webhook, int range, int seconds) {
    int total = (int) Math.round(rate * seconds);
    long epochSecond = System.currentTimeMillis() / 1000;
    HttpRequest[] requests = new HttpRequest[total];
    var random = new Random(range);
    for (int i = 0; i < total; i++) {
      var delivery = new Delivery(run, ++sequence, range, random.nextInt(contacts), epochSecond);
      requests[i] =
          webhook.request(baseUrl + webhook.path, delivery).timeout(OpenModelLoad.TIMEOUT).build();
    }
    OpenModelLoad.Outcome outcome = load.send(rate, total, i -> requests[i], () -> false).await();
    return new Outcome(
        webhook.label,
        outcome.ok(),
        outcome.notOk(),
        outcome.sample(),
        outcome.sorted(),
        outcome.late());
  }

  private static String ms(long nanos) {
    return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static HttpRequest.Builder json(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static byte[] hmac(String algorithm, String key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every JVM has " + algorithm, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
