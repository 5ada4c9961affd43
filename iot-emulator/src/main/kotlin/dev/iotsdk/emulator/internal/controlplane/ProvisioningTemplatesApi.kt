package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.ProvisioningTemplate
import dev.iotsdk.emulator.internal.dataplane.Pages
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.concurrent.ConcurrentHashMap

/**
 * Fleet provisioning templates: CreateProvisioningTemplate, DescribeProvisioningTemplate, ListProvisioningTemplates.
 * The `templateBody` (AWS's CloudFormation-like JSON) is translated into the emulator's [ProvisioningTemplate] and
 * registered with the fleet provisioning service: its `Parameters` (with `AllowedPattern` when given, else any
 * value), the `AWS::IoT::Thing` resource's `ThingName` (a string, `{"Ref": P}` or `{"Fn::Join": [sep, parts]}`) and
 * the `AWS::IoT::Policy` resource's `PolicyName`.
 */
internal class ProvisioningTemplatesApi(private val register: (ProvisioningTemplate) -> Unit, private val arns: Arns) {
    internal class TemplateRecord(
        val name: String,
        val body: String,
        val description: String?,
        val enabled: Boolean,
        val roleArn: String,
        val type: String,
        val createdAt: Double,
    )

    /** What CreateProvisioningTemplate was given, by name; [TemplateRecordsStatePart] saves them. */
    internal val templates = ConcurrentHashMap<String, TemplateRecord>()

    fun create(r: ApiRequest): JsonObject = synchronized(templates) {
        val name = r.requireString("templateName")
        val body = r.requireString("templateBody")
        val roleArn = r.requireString("provisioningRoleArn")
        if (templates.containsKey(name)) throw ApiError.alreadyExists("Provisioning template $name already exists")
        val template = try {
            translate(name, body)
        } catch (e: IllegalArgumentException) {
            throw ApiError.invalid("Invalid provisioning template: ${e.message}")
        }
        register(template)
        templates[name] = TemplateRecord(
            name,
            body,
            r.string("description"),
            r.boolean("enabled") ?: false,
            roleArn,
            r.string("type") ?: "FLEET_PROVISIONING",
            System.currentTimeMillis() / 1000.0,
        )
        buildJsonObject {
            put("templateArn", arns.of("provisioningtemplate", name))
            put("templateName", name)
            put("defaultVersionId", 1)
        }
    }

    fun describe(name: String): JsonObject {
        val t = templates[name] ?: throw ApiError.notFound("Provisioning template $name cannot be found.")
        return buildJsonObject {
            summary(t).forEach { (k, v) -> put(k, v) }
            put("defaultVersionId", 1)
            put("templateBody", t.body)
            put("provisioningRoleArn", t.roleArn)
        }
    }

    fun list(r: ApiRequest): JsonObject {
        val max = r.maxResults(default = 50, max = 250)
        val all = templates.values.sortedBy { it.name }
        val (page, next) = Pages.slice(all, r.query("nextToken"), max)
            ?: throw ApiError.invalid("The nextToken is invalid")
        return buildJsonObject {
            put("templates", JsonArray(page.map { summary(it) }))
            next?.let { put("nextToken", it) }
        }
    }

    private fun summary(t: TemplateRecord) = buildJsonObject {
        put("templateArn", arns.of("provisioningtemplate", t.name))
        put("templateName", t.name)
        t.description?.let { put("description", it) }
        put("creationDate", t.createdAt)
        put("lastModifiedDate", t.createdAt)
        put("enabled", t.enabled)
        put("type", t.type)
    }

    private fun translate(name: String, body: String): ProvisioningTemplate {
        val root = try {
            Json.parseToJsonElement(body) as? JsonObject
        } catch (e: SerializationException) {
            null
        } ?: throw IllegalArgumentException("templateBody is not a JSON object")
        val declared = (root["Parameters"] as? JsonObject).orEmpty().mapValues { (_, v) ->
            ((v as? JsonObject)?.get("AllowedPattern") as? JsonPrimitive)?.content ?: ".*"
        }
        val resources = (root["Resources"] as? JsonObject).orEmpty().values.filterIsInstance<JsonObject>()
        fun propertiesOf(type: String) =
            resources.firstOrNull { (it["Type"] as? JsonPrimitive)?.content == type }?.get("Properties") as? JsonObject
        val thingName = propertiesOf("AWS::IoT::Thing")?.get("ThingName")
            ?: throw IllegalArgumentException("the template needs an AWS::IoT::Thing resource with a ThingName")
        val policyName = (propertiesOf("AWS::IoT::Policy")?.get("PolicyName") as? JsonPrimitive)?.content
        val thingPattern = pattern(thingName)
        // AWS's own example templates `Ref` parameters they do not declare (DG provision-template, "Fleet
        // provisioning template example": `{"Ref":"SerialNumber"}`); such a reference takes any value
        val referenced = PLACEHOLDER.findAll(thingPattern).map { it.groupValues[1] }.filter { it !in declared }
        return ProvisioningTemplate(name, thingPattern, declared + referenced.associateWith { ".*" }, policyName)
    }

    /** `"x"` → `x`; `{"Ref": "P"}` → `{P}`; `{"Fn::Join": [sep, [parts]]}` → the parts joined. */
    private fun pattern(e: JsonElement): String = when {
        e is JsonPrimitive && e.isString -> e.content
        e is JsonObject && e["Ref"] is JsonPrimitive -> "{${(e["Ref"] as JsonPrimitive).content}}"
        e is JsonObject && e["Fn::Join"] is JsonArray -> {
            val join = e["Fn::Join"] as JsonArray
            val separator = (join.getOrNull(0) as? JsonPrimitive)?.content ?: ""
            (join.getOrNull(1) as? JsonArray ?: throw IllegalArgumentException("Fn::Join needs a list of parts"))
                .joinToString(separator) { pattern(it) }
        }
        else -> throw IllegalArgumentException("unsupported ThingName expression $e")
    }

    private companion object {
        val PLACEHOLDER = Regex("\\{([^}]*)}")
    }
}
