package dev.iotsdk.emulator.internal.controlplane

/** ARNs of the emulator's resources: `arn:aws:iot:<region>:<account>:<type>/<name>`. */
internal class Arns(val region: String, val accountId: String) {
    fun of(type: String, name: String): String = "arn:aws:iot:$region:$accountId:$type/$name"

    fun thing(name: String): String = of("thing", name)

    fun certificate(id: String): String = of("cert", id)

    /** The name in an ARN of [type] (any region/account), or `null` when [arn] is not one. */
    fun nameIn(arn: String, type: String): String? {
        val parts = arn.split(':', limit = 6)
        if (parts.size != 6 || parts[0] != "arn" || parts[2] != "iot") return null
        val resource = parts[5]
        return if (resource.startsWith("$type/")) resource.removePrefix("$type/").takeIf { it.isNotEmpty() } else null
    }
}
