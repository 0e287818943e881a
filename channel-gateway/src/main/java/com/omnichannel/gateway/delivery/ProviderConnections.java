package com.omnichannel.gateway.delivery;

import com.omnichannel.contracts.HostLookup;
import com.omnichannel.contracts.OutboundAddressPolicy;
import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The gateway's connections to providers: a pool of keep-alive connections (sized to the in-flight
 * limit, so an attempt never waits for one), each opened through the {@link CheckedDnsResolver} to
 * an address the policy checked. Redirects are never followed (they would lead to an address the
 * policy has not seen), nothing is retried, and no cookies, authentication or connection state
 * carry from one tenant's request to another's.
 */
final class ProviderConnections implements AutoCloseable {

  /** Look-ups of distinct hosts in progress at once; beyond it an attempt is deferred. */
  static final int LOOKUP_THREADS = 32;

  /**
   * How long a host's addresses are answered again without a look-up (still judged for every
   * connection): short, so a provider's DNS change reaches new connections soon, and long enough
   * that a busy provider's host is answered without a look-up thread, even while another tenant's
   * hanging DNS holds them all.
   */
  static final Duration REMEMBERED = Duration.ofSeconds(5);

  /**
   * Unconnected plain sockets, never through a proxy (which would resolve the host itself): not the
   * client's, nor one the {@code socksProxyHost} system property names, which a plain {@code new
   * Socket()} would follow.
   */
  static final DetachedSocketFactory PLAIN_SOCKETS = socksProxy -> new Socket(Proxy.NO_PROXY);

  private final HostLookup lookup;
  private final CloseableHttpClient http;

  ProviderConnections(
      OutboundProperties settings, HostLookup.Resolver resolver, DetachedSocketFactory sockets) {
    this(settings, resolver, sockets, REMEMBERED);
  }

  /**
   * @param remembered how long a host's addresses are answered without a look-up; zero for never
   */
  ProviderConnections(
      OutboundProperties settings,
      HostLookup.Resolver resolver,
      DetachedSocketFactory sockets,
      Duration remembered) {
    this.lookup = new HostLookup(resolver, LOOKUP_THREADS, settings.dnsTimeout(), remembered);
    var policy =
        new OutboundAddressPolicy(settings.allowPrivateNetworks(), settings.allowedHosts());
    var operator =
        new DefaultHttpClientConnectionOperator(
            sockets,
            null,
            new CheckedDnsResolver(policy, lookup),
            RegistryBuilder.<TlsSocketStrategy>create()
                .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createDefault())
                .build());
    var pool =
        new PoolingHttpClientConnectionManager(
            operator,
            PoolConcurrencyPolicy.STRICT,
            PoolReusePolicy.LIFO,
            TimeValue.NEG_ONE_MILLISECOND,
            null);
    pool.setMaxTotal(settings.maxInFlight());
    // Many channels may share one provider's host (all WhatsApp channels do).
    pool.setDefaultMaxPerRoute(settings.maxInFlight());
    pool.setDefaultConnectionConfig(
        ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(settings.connectTimeout()))
            .setSocketTimeout(Timeout.of(settings.responseTimeout()))
            // Nothing is retried, so a connection the provider closed must not be used.
            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
            .build());
    this.http =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                    .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableConnectionState()
            // The body goes as it was rendered, and the answer is read as it came.
            .disableContentCompression()
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .build();
  }

  /** Sends {@code post}; the response's body must be read or the request cancelled, then closed. */
  ClassicHttpResponse open(HttpPost post) throws IOException {
    return http.executeOpen(null, post, null);
  }

  @Override
  public void close() {
    http.close(CloseMode.IMMEDIATE);
    lookup.close();
  }
}
