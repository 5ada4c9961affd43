package dev.iotsdk.shadow.internal

/** The MQTT topics of one shadow (spec shadow.md §1). */
internal class ShadowTopics(thingName: String, shadowName: String?) {
    val prefix: String =
        if (shadowName == null) "\$aws/things/$thingName/shadow" else "\$aws/things/$thingName/shadow/name/$shadowName"

    fun request(op: String): String = "$prefix/$op"

    fun accepted(op: String): String = "$prefix/$op/accepted"

    fun rejected(op: String): String = "$prefix/$op/rejected"

    val delta: String get() = "$prefix/update/delta"

    val documents: String get() = "$prefix/update/documents"

    companion object {
        private val THING = Regex("[a-zA-Z0-9:_-]{1,128}")
        private val SHADOW = Regex("[\$a-zA-Z0-9:_-]{1,64}")

        fun requireThingName(name: String) {
            require(THING.matches(name)) { "invalid thing name '$name': 1-128 characters of [a-zA-Z0-9:_-]" }
        }

        fun requireShadowName(name: String?) {
            require(name == null || SHADOW.matches(name)) {
                "invalid shadow name '$name': 1-64 characters of [\$a-zA-Z0-9:_-]"
            }
        }
    }
}
