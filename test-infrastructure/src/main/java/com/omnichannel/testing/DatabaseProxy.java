package com.omnichannel.testing;

import java.net.URI;
import java.util.regex.Pattern;

/** The one {@link TcpProxy} in front of the shared database, for tests of a database outage. */
final class DatabaseProxy {

  private static TcpProxy proxy;

  private DatabaseProxy() {}

  static synchronized TcpProxy proxy() {
    if (proxy == null) {
      URI database = databaseAddress(TestInfrastructure.get().jdbcUrl());
      proxy = TcpProxy.to(database.getHost(), database.getPort());
    }
    return proxy;
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
