package com.omnichannel.api.intake;

import java.util.function.Supplier;

/**
 * Whose work the calling thread does, which decides the connection pool its transactions use: a
 * request's ({@link IntakeRequests} marks each) or the background's (everything else: consumers,
 * schedulers, the relay, start-up).
 */
public enum Workload {
  INTAKE,
  BACKGROUND;

  private static final ThreadLocal<Workload> CURRENT = new ThreadLocal<>();

  /** The calling thread's workload; background unless it serves a request. */
  public static Workload current() {
    Workload workload = CURRENT.get();
    return workload == null ? BACKGROUND : workload;
  }

  /** Makes the calling thread's work this workload's until the scope closes. */
  public Scope enter() {
    Workload before = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    };
  }

  /** Runs {@code work} as this workload on the calling thread. */
  public <T> T run(Supplier<T> work) {
    try (Scope scope = enter()) {
      return work.get();
    }
  }

  /** The time a thread works as one workload; closing it restores the one before. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
