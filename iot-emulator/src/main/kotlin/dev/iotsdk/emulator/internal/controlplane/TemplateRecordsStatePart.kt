package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.jsonObjects
import dev.iotsdk.emulator.internal.runtime.objects
import dev.iotsdk.emulator.internal.runtime.string
import dev.iotsdk.emulator.internal.runtime.stringOrNull
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.double
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put

/**
 * What CreateProvisioningTemplate was given (section `provisioningTemplateRecords`), so Describe and List answer as
 * before a restart; the templates themselves come back through the provisioning service's own part.
 */
internal class TemplateRecordsStatePart(private val api: ProvisioningTemplatesApi) : StatePart {
    override val key: String = "provisioningTemplateRecords"

    // every field of the record, under the name CreateProvisioningTemplate gives it
    override fun save(): JsonElement = jsonObjects(api.templates.values.sortedBy { it.name }) { t ->
        put("templateName", t.name)
        put("templateBody", t.body)
        t.description?.let { put("description", it) }
        put("enabled", t.enabled)
        put("provisioningRoleArn", t.roleArn)
        put("type", t.type)
        put("creationDate", t.createdAt)
    }

    override fun restore(saved: JsonElement) {
        for (t in saved.objects()) {
            val name = t.string("templateName")
            val enabled = t.getValue("enabled").jsonPrimitive.boolean
            val created = t.getValue("creationDate").jsonPrimitive.double
            api.templates[name] = ProvisioningTemplatesApi.TemplateRecord(
                name,
                t.string("templateBody"),
                t.stringOrNull("description"),
                enabled,
                t.string("provisioningRoleArn"),
                t.string("type"),
                created,
            )
        }
    }
}
