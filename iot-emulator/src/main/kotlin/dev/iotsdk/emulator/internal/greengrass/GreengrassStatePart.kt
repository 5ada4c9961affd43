package dev.iotsdk.emulator.internal.greengrass

import dev.iotsdk.emulator.greengrass.GreengrassEmulator
import dev.iotsdk.emulator.internal.Pki
import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.jsonObjects
import dev.iotsdk.emulator.internal.runtime.long
import dev.iotsdk.emulator.internal.runtime.objects
import dev.iotsdk.emulator.internal.runtime.string
import dev.iotsdk.emulator.internal.runtime.strings
import dev.iotsdk.emulator.internal.runtime.toJson
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.util.concurrent.CopyOnWriteArrayList

/**
 * The Greengrass groups a restart keeps (section `greengrass`): each group's core thing, CA (so the core certificates
 * devices trust stay valid), CA list, connectivity and member things. The test cores ([GreengrassEmulator.startCore])
 * are listeners of a run: their automatic `AUTOIP_127.0.0.1_*` entries are left out, and a restarted test starts
 * its cores again.
 */
internal class GreengrassStatePart(private val greengrass: GreengrassEmulator) : StatePart {
    override val key: String = "greengrass"
    private val service get() = greengrass.service

    override fun save(): JsonElement = buildJsonObject {
        val groups = service.groups.values.sortedBy { it.groupId }.mapNotNull { g ->
            greengrass.groupPkis[g.groupId]?.let { g to it }
        }
        val saved = jsonObjects(groups) { (g, pki) ->
            put("groupId", g.groupId)
            put("coreThingArn", g.coreThingArn)
            put("caCertificate", pki.ca.certificatePem)
            put("caKey", pki.ca.privateKeyPem)
            put("cas", g.cas.toJson())
            put("connectivity", jsonObjects(g.connectivity.filterNot { it.id.startsWith(AUTO) }) { entry(it) })
        }
        put("groups", saved)
        put("memberships", JsonObject(service.memberships.mapValues { it.value.toJson() }))
    }

    override fun restore(saved: JsonElement) {
        val root = saved.jsonObject
        root.getValue("groups").objects().forEach { g ->
            val group = GroupRecord(g.string("groupId"), g.string("coreThingArn"), g.strings("cas"))
            g.getValue("connectivity").objects().forEach { c ->
                group.connectivity +=
                    ConnectivityRecord(
                        c.string("id"),
                        c.string("hostAddress"),
                        c.long("portNumber").toInt(),
                        c.string("metadata"),
                    )
            }
            greengrass.groupPkis[group.groupId] = Pki.fromPem(g.string("caCertificate"), g.string("caKey"))
            service.groups[group.groupId] = group
        }
        root.getValue("memberships").jsonObject.forEach { (thing, groups) ->
            service.memberships[thing] = CopyOnWriteArrayList(groups.jsonArray.map { it.jsonPrimitive.content })
        }
    }

    private fun JsonObjectBuilder.entry(c: ConnectivityRecord) {
        put("id", c.id)
        put("hostAddress", c.hostAddress)
        put("portNumber", c.portNumber)
        put("metadata", c.metadata)
    }

    private companion object {
        const val AUTO = "AUTOIP_127.0.0.1_"
    }
}
