package com.omnichannel.testing;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Like {@link InfrastructureInitializer}, but the application reaches the shared database through a
 * {@link TcpProxy} that a test can cut to simulate a database outage. The proxy is one per JVM; a
 * test that cuts it must restore it.
 */
public class ProxiedDatabaseInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static TcpProxy proxy;

  /** The proxy between the application and the shared database, started on first use. */
  public static synchronized TcpProxy proxy() {
    if (proxy == null) {
      URI database = databaseAddress(TestInfrastructure.get().jdbcUrl());
      proxy = TcpProxy.to(database.getHost(), database.getPort());
    }
    return proxy;
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Map<String, String> properties = new HashMap<>(TestInfrastructure.springProperties());
    properties.put("spring.datasource.url", throughProxy(TestInfrastructure.get().jdbcUrl()));
    TestPropertyValues.of(properties).applyTo(context);
  }

  /** The same JDBC URL, with the proxy's address in place of the database's. */
  static String throughProxy(String jdbcUrl) {
    URI database = databaseAddress(jdbcUrl);
    String authority = database.getHost() + ":" + database.getPort();
    return jdbcUrl.replaceFirst("//" + Pattern.quote(authority), "//127.0.0.1:" + proxy().port());
  }

  /** {@code jdbc:mysql://host:port/db?...} as a URI with that host and port. */
  private static URI databaseAddress(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    if (uri.getHost() == null || uri.getPort() == -1) {
      throw new IllegalArgumentException("Expected jdbc:<driver>://host:port/..., got " + jdbcUrl);
    }
    return uri;
  }
}
