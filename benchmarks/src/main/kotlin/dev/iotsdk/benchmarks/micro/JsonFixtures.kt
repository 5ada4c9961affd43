package dev.iotsdk.benchmarks.micro

import dev.iotsdk.model.IotJson
import kotlinx.serialization.json.JsonElement

/**
 * Entry points the Java JMH classes call: kotlinx.serialization with [IotJson] is awkward to drive from Java
 * (reified serializers), so the calls live here.
 */
public object JsonFixtures {
    /** A shadow update of about 300 bytes with nested objects, numbers, strings and a `null`. */
    @JvmField
    public val SAMPLE: String = """
        {"state":{"reported":{"temperature":21.5,"humidity":48,"firmware":"1.4.2","online":true,
        "location":{"lat":52.52,"lon":13.405},"alarms":[],"lastError":null,
        "sensors":[{"id":"t1","ok":true},{"id":"h1","ok":true},{"id":"p1","ok":false}]},
        "desired":{"interval":30,"led":"green"}},"clientToken":"0f8fad5b-d9cb-469f-a165-70867728950e","version":4711}
    """.trimIndent().replace("\n", "")

    /** Decodes [json] as a [ShadowUpdate] with [IotJson]. */
    @JvmStatic
    public fun decode(json: String): ShadowUpdate = IotJson.decodeFromString(ShadowUpdate.serializer(), json)

    /** Encodes [update] with [IotJson]. */
    @JvmStatic
    public fun encode(update: ShadowUpdate): String = IotJson.encodeToString(ShadowUpdate.serializer(), update)

    /** Parses [json] into a tree with [IotJson] (what a generic handler does before it knows the shape). */
    @JvmStatic
    public fun parseTree(json: String): JsonElement = IotJson.parseToJsonElement(json)
}
