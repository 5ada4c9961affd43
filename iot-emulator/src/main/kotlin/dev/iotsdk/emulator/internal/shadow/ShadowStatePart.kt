package dev.iotsdk.emulator.internal.shadow

import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.jsonObjects
import dev.iotsdk.emulator.internal.runtime.long
import dev.iotsdk.emulator.internal.runtime.objects
import dev.iotsdk.emulator.internal.runtime.string
import dev.iotsdk.emulator.internal.runtime.stringOrNull
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.put

/**
 * The shadows a restart keeps (section `shadows`): classic and named, with state, metadata and version; a deleted
 * shadow is kept too, since its version continues after a delete (spec `shadow.md` §3.2).
 */
internal class ShadowStatePart(private val service: ShadowService) : StatePart {
    override val key: String = "shadows"

    override fun save(): JsonElement = synchronized(service.lock) {
        jsonObjects(service.shadows.entries) { (id, r) ->
            put("thingName", id.first)
            id.second?.let { put("shadowName", it) }
            r.desired?.let { put("desired", it) }
            r.reported?.let { put("reported", it) }
            r.desiredMeta?.let { put("desiredMetadata", it) }
            r.reportedMeta?.let { put("reportedMetadata", it) }
            put("version", r.version)
            put("exists", r.exists)
        }
    }

    override fun restore(saved: JsonElement) {
        val records = saved.objects().associate { s ->
            (s.string("thingName") to s.stringOrNull("shadowName")) to ShadowRecord(
                s["desired"] as JsonObject?,
                s["reported"] as JsonObject?,
                s["desiredMetadata"] as JsonObject?,
                s["reportedMetadata"] as JsonObject?,
                s.long("version"),
                (s.getValue("exists") as JsonPrimitive).boolean,
            )
        }
        synchronized(service.lock) { service.shadows.putAll(records) }
    }
}
