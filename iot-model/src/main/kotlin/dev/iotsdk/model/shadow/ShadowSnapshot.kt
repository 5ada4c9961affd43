package dev.iotsdk.model.shadow

import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonObject

/**
 * One side of a `…/update/documents` message: the full desired/reported [state] (no delta), [metadata] and
 * [version].
 */
@Serializable
public class ShadowSnapshot(
    /** The state sections. */
    public val state: ShadowState? = null,
    /** The per-leaf timestamps. */
    public val metadata: JsonObject? = null,
    /** The version. */
    public val version: Long? = null,
) {
    override fun toString(): String = "ShadowSnapshot(version=$version, state=$state)"
}
