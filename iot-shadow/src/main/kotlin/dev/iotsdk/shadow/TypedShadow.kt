package dev.iotsdk.shadow

import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowDocument
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.shadow.internal.StateMerge
import dev.iotsdk.shadow.internal.decodeState
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.transform
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject

/**
 * One shadow whose state is a `@Serializable` [S], from [ShadowClient.typed]: the device reads and writes whole
 * objects, never JSON fragments.
 *
 * [desiredEvents] turns the service's partial deltas into whole objects: it starts from the shadow's state (reported
 * overlaid with desired, read when the subscription is in place and again after a session loss) and merges each delta
 * into it, so every emitted `S` is the complete state the cloud wants. A delta that does not decode into [S] is an
 * [ShadowEvent.Error] and the stream goes on.
 *
 * Encoding includes default values, so [report] and [desire] always send the whole object.
 */
public class TypedShadow<S> internal constructor(
    /** The untyped client underneath. */
    public val client: ShadowClient,
    private val serializer: KSerializer<S>,
    /** The named shadow, or `null` for the classic one. */
    public val shadowName: String?,
) {
    /** A shadow read as [S]: each section decoded when present; [version] as the service reports it. */
    public class Snapshot<S>(
        /** The desired section, or `null` when the shadow has none. */
        public val desired: S?,
        /** The reported section, or `null` when the shadow has none. */
        public val reported: S?,
        /** The shadow's version. */
        public val version: Long?,
    ) {
        override fun toString(): String = "Snapshot(version=$version, desired=$desired, reported=$reported)"
    }

    /**
     * Reads the shadow, or `null` when it does not exist.
     * @throws kotlinx.serialization.SerializationException when a section does not decode into [S]; the client's
     * exceptions otherwise.
     */
    public suspend fun get(): Snapshot<S>? {
        val doc = getDocument() ?: return null
        return Snapshot(doc.state?.desired?.let(::decode), doc.state?.reported?.let(::decode), doc.version)
    }

    /** Reports the device's whole [state]; returns the new version. See [ShadowClient.update]. */
    public suspend fun report(state: S, expectedVersion: Long? = null): Long? =
        client.update(ShadowState(reported = encode(state)), expectedVersion, shadowName).version

    /**
     * Sets the whole desired [state] (a companion app or backend); returns the new version. See [ShadowClient.update].
     */
    public suspend fun desire(state: S, expectedVersion: Long? = null): Long? =
        client.update(ShadowState(desired = encode(state)), expectedVersion, shadowName).version

    /** The desired state as whole [S] objects, with subscription status and errors; see the class documentation. */
    public fun desiredEvents(): Flow<ShadowEvent<S>> = flow {
        var base: JsonObject? = null
        client.deltaEvents(shadowName).collect { event ->
            when (event) {
                is ShadowEvent.Subscribed -> {
                    emit(event)
                    if (base == null) base = seed()
                }
                is ShadowEvent.Received -> {
                    if (event.resync) base = seed() ?: JsonObject(emptyMap())
                    val merged = StateMerge.merge(base ?: JsonObject(emptyMap()), event.value.state)
                    try {
                        val value = decode(merged)
                        base = merged
                        emit(ShadowEvent.Received(value, event.resync))
                    } catch (e: SerializationException) {
                        emit(ShadowEvent.Error(e))
                    } catch (e: IllegalArgumentException) {
                        emit(ShadowEvent.Error(e))
                    }
                }
                is ShadowEvent.Error -> emit(event)
                is ShadowEvent.SubscriptionLost -> emit(event)
            }
        }
    }

    /** The whole desired [S] objects of [desiredEvents], without status and error events. */
    public fun desired(): Flow<S> = desiredEvents().transform { if (it is ShadowEvent.Received) emit(it.value) }

    override fun toString(): String = "TypedShadow(${client.thingName}${shadowName?.let {
        "/$it"
    } ?: ""}, ${serializer.descriptor.serialName})"

    /** Reported overlaid with desired: what the device should have now; `null` when the shadow does not exist. */
    private suspend fun seed(): JsonObject? {
        val state = getDocument()?.state ?: return null
        val reported = state.reported ?: JsonObject(emptyMap())
        return state.desired?.let { StateMerge.merge(reported, it) } ?: reported
    }

    private suspend fun getDocument(): ShadowDocument? = try {
        client.get(shadowName)
    } catch (e: ShadowRejectedException) {
        if (e.isNotFound) null else throw e
    }

    private fun decode(json: JsonObject): S = decodeState(FULL_JSON, serializer, json)

    private fun encode(value: S): JsonObject {
        val element = FULL_JSON.encodeToJsonElement(serializer, value)
        return element as? JsonObject
            ?: throw IllegalArgumentException("a typed shadow needs a type that encodes to a JSON object, not $element")
    }

    private companion object {
        val FULL_JSON: Json = Json(IotJson) { encodeDefaults = true }
    }
}
