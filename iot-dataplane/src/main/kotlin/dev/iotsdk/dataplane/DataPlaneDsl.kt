package dev.iotsdk.dataplane

/** Marks the [IotDataPlaneConfig.Builder] DSL. */
@DslMarker
public annotation class DataPlaneDsl
