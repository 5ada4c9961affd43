package dev.iotsdk.core.internal

/**
 * The fast path's publishes, as an intrusive doubly linked list under one lock: [add] and [remove] are O(1) and
 * allocate nothing (the links live in [Operation.Publish]); readers take a [snapshot]. Cheaper per publish than a
 * concurrent set, which hashes each operation (an identity hash the first time) and allocates a node.
 */
internal class PublishList {
    private var head: Operation.Publish? = null
    private var tail: Operation.Publish? = null

    /** How many publishes are in the list; read without the lock. */
    @Volatile var size: Int = 0
        private set

    fun add(op: Operation.Publish): Unit = synchronized(this) {
        check(!op.linked) { "already listed" }
        op.linked = true
        op.prevLink = tail
        op.nextLink = null
        val last = tail
        if (last == null) head = op else last.nextLink = op
        tail = op
        size++
    }

    /** Removes [op]; false if it was not in the list. */
    fun remove(op: Operation.Publish): Boolean = synchronized(this) {
        if (!op.linked) return false
        val prev = op.prevLink
        val next = op.nextLink
        if (prev == null) head = next else prev.nextLink = next
        if (next == null) tail = prev else next.prevLink = prev
        op.prevLink = null
        op.nextLink = null
        op.linked = false
        size--
        true
    }

    /** The publishes in the list now, oldest first. */
    fun snapshot(): List<Operation.Publish> = synchronized(this) {
        if (size == 0) return emptyList()
        val out = ArrayList<Operation.Publish>(size)
        var op = head
        while (op != null) {
            out.add(op)
            op = op.nextLink
        }
        out
    }
}
