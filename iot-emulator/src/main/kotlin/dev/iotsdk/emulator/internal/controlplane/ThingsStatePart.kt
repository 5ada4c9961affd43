package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.long
import dev.iotsdk.emulator.internal.runtime.string
import dev.iotsdk.emulator.internal.runtime.stringMap
import dev.iotsdk.emulator.internal.runtime.stringOrNull
import dev.iotsdk.emulator.internal.runtime.toJson
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put

/**
 * What the control plane knows of each thing beyond its name (section `thingRecords`): thing id, type, attributes and
 * version, so DescribeThing and the `iot:Connection.Thing.*` policy variables answer as before the restart.
 */
internal class ThingsStatePart(private val api: ThingsApi, private val registry: Registry) : StatePart {
    override val key: String = "thingRecords"

    override fun save(): JsonElement = synchronized(api.lock) {
        JsonObject(
            api.records.toSortedMap().mapValues { (_, t) ->
                buildJsonObject {
                    put("thingId", t.thingId)
                    t.thingTypeName?.let { put("thingTypeName", it) }
                    put("attributes", t.attributes.toJson())
                    put("version", t.version)
                }
            },
        )
    }

    override fun restore(saved: JsonElement) {
        saved.jsonObject.forEach { (name, value) ->
            val t = value.jsonObject
            api.records[name] = ThingsApi.ThingRecord(t.string("thingId")).apply {
                attributes = t.stringMap("attributes")
                version = t.long("version")
                thingTypeName = t.stringOrNull("thingTypeName")
            }
            registry.describeThing(name, t.stringOrNull("thingTypeName"), t.stringMap("attributes"))
        }
    }
}
