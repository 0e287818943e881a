package com.omnichannel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The start of a phase, appended to the file bin/bench names in {@code bench.phases} (lines {@code
 * <epoch ms> <phase>}, as the script writes its own), for {@link KeySeries} to label its rows;
 * nothing without the property. The start of the floor also ends the script's scraping.
 */
final class BenchPhases {

  private BenchPhases() {}

  static void start(String phase) throws IOException {
    start(phase, System.currentTimeMillis());
  }

  static void start(String phase, long epochMillis) throws IOException {
    String file = System.getProperty("bench.phases");
    if (file != null) {
      Files.writeString(
          Path.of(file),
          epochMillis + " " + phase + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }
}
