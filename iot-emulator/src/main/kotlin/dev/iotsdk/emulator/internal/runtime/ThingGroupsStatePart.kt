package dev.iotsdk.emulator.internal.runtime

import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.util.concurrent.ConcurrentHashMap

/** The thing groups jobs target ([dev.iotsdk.emulator.IotEmulator.createThingGroup]; section `thingGroups`). */
internal class ThingGroupsStatePart(private val members: ConcurrentHashMap<String, Set<String>>) : StatePart {
    override val key: String = "thingGroups"

    override fun save(): JsonElement = JsonObject(members.toSortedMap().mapValues { it.value.sorted().toJson() })

    override fun restore(saved: JsonElement) {
        saved.jsonObject.forEach { (group, things) ->
            members[group] = things.jsonArray.map { it.jsonPrimitive.content }.toSet()
        }
    }
}
