package com.omnichannel.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/** A provider's HTTP API stubbed by WireMock, for the tests of outbound delivery. */
public final class StubProvider {

  private StubProvider() {}

  /**
   * A started server whose delayed answers are scheduled rather than slept on a container thread,
   * so requests to an endpoint that hangs (and their retries) never starve the other requests.
   */
  public static WireMockServer start() {
    WireMockServer server =
        new WireMockServer(
            options()
                .dynamicPort()
                .containerThreads(64)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(16));
    server.start();
    return server;
  }
}
