package dev.iotsdk.shadow.internal

/** The MQTT topics of one shadow (spec shadow.md §1); the names are validated by the caller (`IotName`). */
internal class ShadowTopics(thingName: String, shadowName: String?) {
    val prefix: String =
        if (shadowName == null) "\$aws/things/$thingName/shadow" else "\$aws/things/$thingName/shadow/name/$shadowName"

    fun request(op: String): String = "$prefix/$op"

    fun accepted(op: String): String = "$prefix/$op/accepted"

    fun rejected(op: String): String = "$prefix/$op/rejected"

    val delta: String get() = "$prefix/update/delta"

    val documents: String get() = "$prefix/update/documents"
}
