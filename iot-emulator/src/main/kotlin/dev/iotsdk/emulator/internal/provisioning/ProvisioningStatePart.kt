package dev.iotsdk.emulator.internal.provisioning

import dev.iotsdk.emulator.ProvisioningTemplate
import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.jsonObjects
import dev.iotsdk.emulator.internal.runtime.objects
import dev.iotsdk.emulator.internal.runtime.string
import dev.iotsdk.emulator.internal.runtime.stringMap
import dev.iotsdk.emulator.internal.runtime.stringOrNull
import dev.iotsdk.emulator.internal.runtime.toJson
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.put

/**
 * The fleet provisioning templates a restart keeps (section `provisioningTemplates`). A template with a
 * pre-provisioning hook (JVM code) is not kept: restored without it, it would provision what the hook refuses; the
 * code that registered it registers it again. Outstanding ownership tokens are not kept (they last minutes).
 */
internal class ProvisioningStatePart(private val service: ProvisioningService) : StatePart {
    override val key: String = "provisioningTemplates"

    override fun save(): JsonElement = synchronized(service.lock) {
        jsonObjects(service.templates.values.filter { it.preProvisioningHook == null }.sortedBy { it.name }) { t ->
            put("name", t.name)
            put("thingNamePattern", t.thingNamePattern)
            put("parameters", t.parameters.toJson())
            t.policyName?.let { put("policyName", it) }
            put("deviceConfiguration", t.deviceConfiguration.toJson())
        }
    }

    override fun restore(saved: JsonElement) {
        saved.objects().forEach { t ->
            service.createTemplate(
                ProvisioningTemplate(
                    t.string("name"),
                    t.string("thingNamePattern"),
                    t.stringMap("parameters"),
                    t.stringOrNull("policyName"),
                    t.stringMap("deviceConfiguration"),
                ),
            )
        }
    }
}
