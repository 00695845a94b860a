/* The link protocol between the host and the cluster (docs/design.md §5).
 *
 * One framed, checksummed, acknowledged protocol over a byte link (UART to the
 * board through an FTDI chip, or TCP to `rru-sim --uart-tcp`). This header is
 * its only definition: frame layout, frame types, payload layouts, constants
 * and the CRC-32. It is freestanding: the resident kernel includes it.
 *
 * All multi-byte fields are little-endian and unaligned on the wire; payload
 * layouts are given as byte offsets (RRU_LINK_*_OFF_*), never as C structs, so
 * no compiler padding can leak into the format. */
#ifndef RRU_LINK_H
#define RRU_LINK_H

#include <stddef.h>
#include <stdint.h>

/* Version of this protocol, exchanged in HELLO; a peer with another major
 * version is refused. */
#define RRU_LINK_VERSION_MAJOR 1
#define RRU_LINK_VERSION_MINOR 0

/* --- frame --------------------------------------------------------------
 *  off size field
 *   0   1   sync0   0xA5
 *   1   1   sync1   0x5A
 *   2   1   type    enum rru_link_type
 *   3   1   flags   RRU_LINK_F_*
 *   4   1   seq     sequence number of this frame (mod 256); 0 if F_CTRL
 *   5   1   ack     next sequence number the sender expects (valid if F_ACK)
 *   6   2   len     payload length, 0..RRU_LINK_MAX_PAYLOAD
 *   8   1   hcrc    CRC-8 of bytes 2..7 (rru_link_crc8): a damaged header,
 *                   above all a damaged length, is rejected at once instead
 *                   of making the receiver wait for bytes that never come
 *   9  len  payload
 *  9+len 4  crc     CRC-32 of bytes 2 .. 9+len-1 (type through payload)
 */
#define RRU_LINK_SYNC0 0xA5u
#define RRU_LINK_SYNC1 0x5Au
#define RRU_LINK_HDR_SIZE 9u
#define RRU_LINK_CRC_SIZE 4u
#define RRU_LINK_OVERHEAD (RRU_LINK_HDR_SIZE + RRU_LINK_CRC_SIZE)
#define RRU_LINK_MAX_PAYLOAD 256u
#define RRU_LINK_FRAME_MAX (RRU_LINK_OVERHEAD + RRU_LINK_MAX_PAYLOAD)
/* Stream frames: the sender starts at RRU_LINK_START_CHUNK payload bytes and
 * then picks 32..256 from the error rate it sees (docs/design.md §5.2). */
#define RRU_LINK_MIN_CHUNK 32u
#define RRU_LINK_START_CHUNK 64u

#define RRU_LINK_OFF_TYPE 2u
#define RRU_LINK_OFF_FLAGS 3u
#define RRU_LINK_OFF_SEQ 4u
#define RRU_LINK_OFF_ACK 5u
#define RRU_LINK_OFF_LEN 6u
#define RRU_LINK_OFF_HCRC 8u

/* Unsequenced control frame (HELLO, HELLO_REPLY, ACK): never acknowledged nor
 * retransmitted by the link layer, delivered as soon as it is received. */
#define RRU_LINK_F_CTRL 0x01u
/* The ack field is valid (cumulative acknowledgement, piggybacked). */
#define RRU_LINK_F_ACK 0x02u
/* Bits that must be zero; a frame with any of them set is dropped. */
#define RRU_LINK_F_RESERVED 0xFCu

/* Window: a sender holds at most RRU_LINK_WINDOW unacknowledged frames per
 * direction (sequence numbers are mod 256 and the selective-ack bitmap has
 * 31 bits, so at most 32), and no more bytes of them than its retransmission
 * ring holds: the device's default ring is RRU_LINK_TXBUF bytes, 7 maximal
 * frames or 32 small ones (noisy line, small frames: more of them in
 * flight). The ring is the sender's private memory: a build with more RAM
 * may give the device a larger one; the host uses 32 maximal frames. */
#define RRU_LINK_WINDOW 32u
#define RRU_LINK_TXBUF 2048u

/* --- frame types ---------------------------------------------------------
 * H->D host to device, D->H device to host. Payload layouts below. */
enum rru_link_type {
	/* link layer (F_CTRL) */
	RRU_LINK_T_HELLO = 0x01,       /* H->D: start a session, resets sequence numbers */
	RRU_LINK_T_HELLO_REPLY = 0x02, /* D->H: versions, sizes, firmware id */
	RRU_LINK_T_ACK = 0x03,         /* both: cumulative ack + selective-ack bitmap */
	/* the hardware log channel (F_CTRL, its own sequence numbers: §5.6) */
	RRU_LINK_T_LOG_STREAM = 0x04,  /* D->H: seq in the header; u8 hart, 64-bit words */
	RRU_LINK_T_LOG_ACK = 0x05,     /* H->D: u8 next LOG_STREAM seq expected, u8 flags */
	/* commands (sequenced, reliable) */
	RRU_LINK_T_ECHO = 0x10,        /* H->D: any bytes; answered by ECHO_REPLY */
	RRU_LINK_T_ECHO_REPLY = 0x11,  /* D->H: the same bytes */
	RRU_LINK_T_LOAD = 0x12,        /* H->D: u32 addr, data: write memory */
	RRU_LINK_T_LOAD_VERIFY = 0x13, /* H->D: u32 addr, u32 len, u32 crc32: STATUS */
	RRU_LINK_T_RECORD_START = 0x14, /* H->D: u32 entry, u32 threads, u32 flags */
	RRU_LINK_T_RECORD_STOP = 0x15, /* H->D: stop recording, flush the streams */
	RRU_LINK_T_UPLOAD = 0x16,      /* H->D: u8 region, 3 pad, u32 offset, data */
	RRU_LINK_T_REPLAY_START = 0x17, /* H->D: u32 entry, threads, mode, dag bytes, inlog bytes */
	RRU_LINK_T_READ_RESULTS = 0x18, /* H->D: answered by RESULTS then STATUS */
	RRU_LINK_T_STOP = 0x19,        /* H->D: abort whatever runs */
	/* replies and streams (sequenced, reliable) */
	RRU_LINK_T_STATUS = 0x20,      /* D->H: u8 cmd, u8 code, 2 pad, u32 value, text */
	RRU_LINK_T_LOG_DATA = 0x21,    /* D->H: u8 hart, next bytes of its raw RRU word stream */
	RRU_LINK_T_INLOG_DATA = 0x22,  /* D->H: next bytes of the input log stream */
	RRU_LINK_T_CONSOLE = 0x23,     /* D->H: u8 thread, bytes the app printed */
	RRU_LINK_T_STREAM_END = 0x24,  /* D->H: u8 stream, 3 pad, u32 bytes, u32 crc32 */
	RRU_LINK_T_EXIT = 0x25,        /* D->H: u32 code, u32 records: the run ended */
	RRU_LINK_T_RESULTS = 0x26,     /* D->H: n x 12-byte entries (below) */
};

/* HELLO (H->D): u32 magic, u16 major, u16 minor, u32 nonce. */
#define RRU_LINK_HELLO_MAGIC 0x4B4E4C52u /* "RLNK" little-endian */
#define RRU_LINK_HELLO_SIZE 12u
/* HELLO_REPLY (D->H): u32 magic, u16 major, u16 minor, u32 nonce (echoed),
 * u8 window, u8 cpus, u16 max_payload, u32 ram_bytes, then firmware id text
 * (not NUL-terminated, at most RRU_LINK_MAX_PAYLOAD - 20 bytes). */
#define RRU_LINK_HELLO_REPLY_MIN 20u

/* ACK payload: u32 selective-ack bitmap; bit i set = frame (ack + 1 + i)
 * was received and is held out of order. A receiver that keeps no
 * out-of-order frames (the device) always sends 0. May be empty (= 0). */
#define RRU_LINK_ACK_SIZE 4u

/* The hardware log channel (docs/design.md §5.6). LOG_STREAM frames come
 * from the log streamer, not from the device's link engine: control frames
 * whose header seq is the channel's own sequence number (from 0 at each
 * RECORD_START) and whose header ack byte is the id of the last rewind
 * request the streamer took; payload u8 hart and whole 64-bit RRU words,
 * delivered like LOG_DATA in seq order. The host answers LOG_ACK: u8 the
 * next seq it expects, u8 flags, u32 bitmap of the frames it holds after
 * that one (bit i: next + 1 + i), u8 the rewind request's id (1-255).
 * LOG_ACK_F_REWIND when a frame is missing (a later one came): the streamer
 * sends again, before anything new, the frames missing below the highest
 * one held, or all it sent from `next` if the bitmap is 0. */
#define RRU_LINK_LOG_ACK_SIZE 7u
#define RRU_LINK_LOG_ACK_F_REWIND 0x1u
#define RRU_LINK_LOG_STREAM_WINDOW 32u /* frames in flight at most (seq mod 256) */

/* LOAD: u32 address, then the bytes to write there. */
#define RRU_LINK_LOAD_HDR 4u
/* UPLOAD regions. */
enum rru_link_region {
	RRU_LINK_REGION_DAG = 1,   /* the binary DAG the replay engine reads */
	RRU_LINK_REGION_INLOG = 2, /* the input log replayed to the app */
};
#define RRU_LINK_UPLOAD_HDR 8u
/* REPLAY_START: u32 entry, u32 threads, u32 mode (enum rru_dag_mode),
 * u32 DAG bytes, u32 input-log bytes (what was uploaded to each region). */
#define RRU_LINK_REPLAY_START_SIZE 20u
/* LOG_DATA: u8 hart, then the next bytes of that hart's stream of 64-bit
 * raw RRU words (§2.3, include/rru/rru_raw.h), each little-endian, in the
 * order that hart's RRU wrote them. Frames follow the link's current chunk
 * size, so a word (and a record, 2 + ndeps words) may span frames: the host
 * reassembles each hart's byte stream. (The device sends it with
 * rru_link_dev_stream, the hart as the prefix byte, like CONSOLE.) */
#define RRU_LINK_LOG_HDR 1u
/* RECORD_START flags. */
#define RRU_LINK_REC_F_INLOG 0x1u /* stream the input log too */
#define RRU_LINK_REC_F_LOG 0x2u   /* record with the RRUs and stream the chunk log (LOG_DATA) */

/* STATUS codes. */
enum rru_link_status {
	RRU_LINK_ST_OK = 0,
	RRU_LINK_ST_BAD_CMD = 1,   /* unknown or malformed command */
	RRU_LINK_ST_BAD_ADDR = 2,  /* LOAD/UPLOAD outside the allowed region */
	RRU_LINK_ST_MISMATCH = 3,  /* LOAD_VERIFY: CRC differs */
	RRU_LINK_ST_BUSY = 4,      /* a run is in progress */
	RRU_LINK_ST_FAILED = 5,    /* the command ran and failed (text says why) */
};
#define RRU_LINK_STATUS_HDR 8u

/* Streams (STREAM_END's first byte). */
enum rru_link_stream {
	RRU_LINK_STREAM_LOG = 1,
	RRU_LINK_STREAM_INLOG = 2,
	RRU_LINK_STREAM_CONSOLE = 3,
};
#define RRU_LINK_STREAM_END_SIZE 12u
#define RRU_LINK_EXIT_SIZE 8u

/* RESULTS entry (12 bytes): u8 kind, u8 id (thread or cpu), u16 pad,
 * u64 value. Kinds: */
enum rru_link_result {
	RRU_LINK_RES_THREAD_DIGEST = 1, /* id = thread */
	RRU_LINK_RES_MEM_DIGEST = 2,
	RRU_LINK_RES_OUTPUT_DIGEST = 3,
	RRU_LINK_RES_CHUNKS = 4,        /* chunks replayed */
	RRU_LINK_RES_INSTRET = 5,       /* id = thread: instructions retired */
	RRU_LINK_RES_OUTPUT_BYTES = 6,  /* id = thread: console bytes it produced */
	RRU_LINK_RES_INPUTS = 7,        /* id = thread: input values it was given */
	RRU_LINK_RES_RRU_CFG = 8,       /* id 0: RRU_REG_CFG of the RRUs (0: none); value bits
					 * 63:32 = instruction limit L, 31:0 = CFG */
	RRU_LINK_RES_RUN_TICKS = 9,     /* id 0: mtime ticks from the threads' start to the
					 * run's end (rru-sim and board: clock cycles) */
	RRU_LINK_RES_BUSY_TICKS = 10,   /* id = hart: replay only, ticks it ran nodes */
	RRU_LINK_RES_RRU_STALLS = 11,   /* id = hart: recording only, cycles its RRU held
					 * retirement (RRU_REG_STALLS over the run) */
};
#define RRU_LINK_RESULT_SIZE 12u

/* --- little-endian field access (no alignment assumed) ------------------- */
static inline uint16_t rru_link_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t rru_link_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}
static inline void rru_link_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void rru_link_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* --- CRC-32 --------------------------------------------------------------
 * The IEEE 802.3 CRC-32 (reflected polynomial 0xEDB88320, initial value
 * 0xFFFFFFFF, final XOR 0xFFFFFFFF); check value: crc of "123456789" is
 * 0xCBF43926. Incremental: pass 0 the first time, the previous result after. */
#define RRU_LINK_CRC32_CHECK 0xCBF43926u
uint32_t rru_link_crc32(uint32_t crc, const void *data, size_t len);

/* CRC-8 of the header: polynomial x^8+x^2+x+1 (0x07), initial value 0, no
 * reflection, no final XOR; crc8 of "123456789" is 0xF4. */
#define RRU_LINK_CRC8_CHECK 0xF4u
uint8_t rru_link_crc8(const void *data, size_t len);

/* Builds one frame into out (RRU_LINK_FRAME_MAX bytes); returns its length,
 * or 0 if len > RRU_LINK_MAX_PAYLOAD. */
size_t rru_link_frame_encode(uint8_t *out, uint8_t type, uint8_t flags, uint8_t seq,
			     uint8_t ack, const void *payload, size_t len);

#endif
