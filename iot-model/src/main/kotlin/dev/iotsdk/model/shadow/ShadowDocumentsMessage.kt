package dev.iotsdk.model.shadow

import kotlinx.serialization.Serializable

/**
 * A message on `…/update/documents`, published after every accepted update: the document [previous]ly and
 * [current]ly (AWS omits [previous] when the update created the shadow).
 *
 * Stability: mirrors AWS's wire format; new optional fields may be added.
 */
@Serializable
public class ShadowDocumentsMessage(
    /** The document before the update. */
    public val previous: ShadowSnapshot? = null,
    /** The document after the update. */
    public val current: ShadowSnapshot? = null,
    /** When it was generated, epoch seconds. */
    public val timestamp: Long? = null,
    /** The client token of the update. */
    public val clientToken: String? = null,
) {
    override fun toString(): String =
        "ShadowDocumentsMessage(previous=${previous?.version}, current=${current?.version}, clientToken=$clientToken)"
}
