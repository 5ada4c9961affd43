package dev.iotsdk.shadow

import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowDeltaMessage
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.shadow.internal.StateMerge
import dev.iotsdk.shadow.internal.decodeState
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.serializer

/**
 * Keeps a device's state of type [T] and its shadow in step — what every shadow sample re-implements by hand.
 *
 * While [run] runs:
 * 1. it subscribes to the deltas, then reads the shadow; the shadow's desired state merged into the current local
 *    state goes through [onDesired] (the device applies it and returns the state it now has) and the result is
 *    reported, conditional on the version read;
 * 2. each delta is merged into the local state, applied through [onDesired] and reported, conditional on the delta's
 *    version; deltas older than the last version seen are dropped (AWS does not order messages);
 * 3. a 409 version conflict (someone changed the shadow in between, including the race between a delta and this
 *    helper's own update) and a reconnect without a session both lead to a fresh read and step 1 again.
 *
 * Other failures (a timeout, a rejected report, a desired state that does not decode into [T]) are reported on
 * [errors] and the helper goes on; the next delta or re-read fixes the state.
 *
 * ```kotlin
 * @Serializable data class Lamp(val power: String = "off", val color: String = "white")
 * val sync = ShadowSync(shadowClient, Lamp()) { wanted -> hardware.set(wanted); wanted }
 * val job = sync.start(scope)
 * sync.state.collect { println("lamp is now $it") }
 * ```
 *
 * Threading: [onDesired] runs on the collecting coroutine, one call at a time.
 */
public class ShadowSync<T>(
    private val client: ShadowClient,
    private val serializer: KSerializer<T>,
    initial: T,
    private val shadowName: String? = null,
    private val onDesired: suspend (desired: T) -> T = { it },
) {
    private val current = MutableStateFlow(initial)
    private val lastVersion = MutableStateFlow<Long?>(null)
    private val errorFlow =
        MutableSharedFlow<Throwable>(extraBufferCapacity = ERROR_BUFFER, onBufferOverflow = BufferOverflow.DROP_OLDEST)

    /** The device's state: the initial value, then each result of the handler. */
    public val state: StateFlow<T> = current.asStateFlow()

    /** The last shadow version this helper saw accepted or read (`null` before the first). */
    public val version: StateFlow<Long?> = lastVersion.asStateFlow()

    /** Failures the helper recovered from (hot, not replayed; a slow collector loses the oldest). */
    public val errors: SharedFlow<Throwable> = errorFlow.asSharedFlow()

    /** Runs the sync until cancelled. @throws the subscription's failure when the broker refuses it. */
    public suspend fun run() {
        var started = false
        client.deltaEvents(shadowName).collect { event ->
            when (event) {
                is ShadowEvent.Subscribed -> if (!started) {
                    started = true
                    guarded { resync() }
                }
                is ShadowEvent.Received -> guarded { if (event.resync) resync() else onDelta(event.value) }
                is ShadowEvent.Error -> errorFlow.tryEmit(event.cause)
                is ShadowEvent.SubscriptionLost -> Unit
            }
        }
    }

    /** Starts [run] in [scope]; cancel the job to stop. */
    public fun start(scope: CoroutineScope): Job = scope.launch { run() }

    private suspend fun onDelta(delta: ShadowDeltaMessage) {
        val seen = lastVersion.value
        if (delta.version != null && seen != null && delta.version!! <= seen) return
        val merged = StateMerge.merge(encode(current.value), delta.state)
        applyAndReport(merged, delta.version)
    }

    private suspend fun resync() {
        repeat(MAX_CONFLICT_RETRIES) {
            val doc = try {
                client.get(shadowName)
            } catch (e: ShadowRejectedException) {
                if (!e.isNotFound) throw e
                null
            }
            val desired = doc?.state?.desired
            val merged = if (desired !=
                null
            ) {
                StateMerge.merge(encode(current.value), desired)
            } else {
                encode(current.value)
            }
            if (applyAndReport(merged, doc?.version)) return
        }
        throw IllegalStateException("the shadow kept changing: $MAX_CONFLICT_RETRIES version conflicts in a row")
    }

    /** Applies [desired] and reports the result; `false` on a version conflict (the caller re-reads). */
    private suspend fun applyAndReport(desired: JsonObject, expectedVersion: Long?): Boolean {
        val wanted = decodeState(FULL_JSON, serializer, desired)
        val result = onDesired(wanted)
        current.value = result
        return try {
            val accepted = client.update(ShadowState(reported = encode(result)), expectedVersion, shadowName)
            lastVersion.value = accepted.version
            true
        } catch (e: ShadowRejectedException) {
            if (!e.isVersionConflict) throw e
            if (expectedVersion == null) throw e
            false
        }
    }

    private suspend fun guarded(block: suspend () -> Unit) {
        try {
            block()
        } catch (e: CancellationException) {
            throw e
        } catch (e: ShadowRejectedException) {
            if (e.isVersionConflict) {
                guarded { resync() }
            } else {
                errorFlow.tryEmit(e)
            }
        } catch (e: Exception) {
            errorFlow.tryEmit(e)
        }
    }

    /** The whole state, defaults included: a report must say everything the device has. */
    private fun encode(value: T): JsonObject {
        val element = FULL_JSON.encodeToJsonElement(serializer, value)
        return element as? JsonObject
            ?: throw IllegalArgumentException("ShadowSync needs a type that encodes to a JSON object, not $element")
    }

    /** Factories. */
    public companion object {
        private const val MAX_CONFLICT_RETRIES = 10
        private const val ERROR_BUFFER = 16
        private val FULL_JSON: Json = Json(IotJson) { encodeDefaults = true }

        /** A sync for a `@Serializable` [T]; see [ShadowSync]. */
        public inline operator fun <reified T> invoke(
            client: ShadowClient,
            initial: T,
            shadowName: String? = null,
            noinline onDesired: suspend (desired: T) -> T = { it },
        ): ShadowSync<T> = ShadowSync(client, serializer<T>(), initial, shadowName, onDesired)
    }
}
