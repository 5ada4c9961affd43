package dev.iotsdk.emulator.internal.provisioning

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * The policy of a claim certificate, as AWS's fleet provisioning guide writes it (DG:provision-wo-cert): connect,
 * and publish/receive/subscribe on the certificate and template topics only.
 */
internal object ClaimPolicy {
    fun document(region: String, accountId: String, templateNames: List<String>): String {
        val topics = listOf("\$aws/certificates/create/*", "\$aws/certificates/create-from-csr/*") +
            templateNames.map { "\$aws/provisioning-templates/$it/provision/*" }
        fun resources(kind: String) =
            JsonArray(topics.map { JsonPrimitive("arn:aws:iot:$region:$accountId:$kind/$it") })
        return buildJsonObject {
            put("Version", "2012-10-17")
            put(
                "Statement",
                buildJsonArray {
                    add(statement(JsonPrimitive("iot:Connect"), JsonPrimitive("*")))
                    add(
                        statement(
                            buildJsonArray {
                                add(JsonPrimitive("iot:Publish"))
                                add(JsonPrimitive("iot:Receive"))
                            },
                            resources("topic"),
                        ),
                    )
                    add(statement(JsonPrimitive("iot:Subscribe"), resources("topicfilter")))
                },
            )
        }.toString()
    }

    private fun statement(action: JsonElement, resource: JsonElement) = buildJsonObject {
        put("Effect", "Allow")
        put("Action", action)
        put("Resource", resource)
    }
}
