package dev.iotsdk.emulator

/** Marks the emulator's configuration DSL. */
@DslMarker
public annotation class EmulatorDsl
