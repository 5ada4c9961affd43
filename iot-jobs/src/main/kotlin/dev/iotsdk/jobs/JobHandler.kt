package dev.iotsdk.jobs

import dev.iotsdk.model.IotJson
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.serializer

/**
 * The user's work for one job execution, run by [JobRunner]: return a [JobOutcome], or throw to fail the execution
 * (the exception's class and message go into the status details). It is cancelled when the job is canceled or
 * removed remotely, or when the runner stops.
 */
public fun interface JobHandler {
    /** Runs the job described by [job]. */
    public suspend fun handle(job: JobContext): JobOutcome
}

/** Decodes the job document into [T] with [IotJson]. */
public inline fun <reified T> JobContext.decodeDocument(): T = decodeDocument(serializer<T>())

/** Decodes the job document with [deserializer]. */
public fun <T> JobContext.decodeDocument(deserializer: DeserializationStrategy<T>): T =
    IotJson.decodeFromJsonElement(deserializer, document)
