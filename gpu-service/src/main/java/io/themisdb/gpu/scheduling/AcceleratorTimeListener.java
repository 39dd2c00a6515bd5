package io.themisdb.gpu.scheduling;

/**
 * Receives {@link AcceleratorTimeUsed} events, for metering. Called on the dispatcher thread after
 * each accelerator call: it must be quick and must not block. Exceptions are logged and ignored.
 */
@FunctionalInterface
public interface AcceleratorTimeListener {

  AcceleratorTimeListener NONE = event -> {};

  void acceleratorTimeUsed(AcceleratorTimeUsed event);
}
