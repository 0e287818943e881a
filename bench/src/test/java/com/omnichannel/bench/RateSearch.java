package com.omnichannel.bench;

import java.util.OptionalDouble;

/**
 * Which rate the whole-loop search tries next: from the start rate up by a factor of 1.25 while
 * each step holds; while none has held, half the rate of the last failure (down to {@value
 * #MIN_RATE} messages a second), so that a start above what the loop holds still finds a rate that
 * does; once one held and one failed, one step halfway between the highest that held and the lowest
 * that failed (unless they are less than 10 % apart), then no more. At most {@code maxSteps} steps
 * in all. Rates are whole messages a second.
 */
final class RateSearch {

  static final double FACTOR = 1.25;
  static final double BISECT_WHEN_APART = 1.10;
  static final double MIN_RATE = 5;

  private final int maxSteps;
  private double next;
  private double highestHeld = Double.NaN;
  private double lowestFailed = Double.NaN;
  private int steps;
  private boolean bisected;

  RateSearch(double startRate, int maxSteps) {
    this.maxSteps = maxSteps;
    this.next = maxSteps > 0 ? Math.max(1, Math.round(startRate)) : Double.NaN;
  }

  /** The configured start rate, else 5 % of the database floor, at least 20 messages a second. */
  static double startRate(String configured, double floorPerSecond) {
    if (configured != null && !configured.isBlank()) {
      return Double.parseDouble(configured);
    }
    return Math.max(20, Math.round(0.05 * floorPerSecond));
  }

  /** The rate of the next step; empty when the search is over. */
  OptionalDouble next() {
    return Double.isNaN(next) ? OptionalDouble.empty() : OptionalDouble.of(next);
  }

  /** The outcome of a step at {@code rate}; decides the next rate. */
  void record(double rate, boolean held) {
    steps++;
    if (held) {
      highestHeld = Double.isNaN(highestHeld) ? rate : Math.max(highestHeld, rate);
    } else {
      lowestFailed = Double.isNaN(lowestFailed) ? rate : Math.min(lowestFailed, rate);
    }
    next = decide(rate);
  }

  private double decide(double rate) {
    if (steps >= maxSteps) {
      return Double.NaN;
    }
    if (Double.isNaN(lowestFailed)) {
      return Math.max(rate + 1, Math.round(rate * FACTOR));
    }
    if (Double.isNaN(highestHeld)) {
      double half = Math.round(lowestFailed / 2);
      return half >= MIN_RATE ? half : Double.NaN;
    }
    if (bisected || lowestFailed < highestHeld * BISECT_WHEN_APART) {
      return Double.NaN;
    }
    bisected = true;
    double middle = Math.round((highestHeld + lowestFailed) / 2);
    return middle > highestHeld && middle < lowestFailed ? middle : Double.NaN;
  }

  /** The highest rate that held so far. */
  OptionalDouble highestHeld() {
    return Double.isNaN(highestHeld) ? OptionalDouble.empty() : OptionalDouble.of(highestHeld);
  }
}
