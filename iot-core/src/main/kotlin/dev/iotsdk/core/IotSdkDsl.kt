package dev.iotsdk.core

/** Marks the iotsdk configuration DSLs so nested blocks cannot reach outer receivers by accident. */
@DslMarker
public annotation class IotSdkDsl
