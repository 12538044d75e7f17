package io.voiceagents.gateway.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** DTMF collection, mark names and the pre-roll ring. */
class SmallStreamPartsTest {

    @Test
    void dtmfEndsAtHashOrWhenFlushedAndSkipsAnEmptyHash() {
        DtmfCollector keys = new DtmfCollector();
        assertThat(keys.add('#')).isEmpty();
        assertThat(keys.add('1')).isEmpty();
        assertThat(keys.add('*')).isEmpty();
        assertThat(keys.add('#')).contains("1*");
        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.add('4')).isEmpty();
        assertThat(keys.add('b')).isEmpty();
        assertThat(keys.flush()).contains("4B");
        assertThat(keys.flush()).isEmpty();
        assertThatThrownBy(() -> keys.add('x')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dtmfInputIsCutAtTheMaximumLength() {
        DtmfCollector keys = new DtmfCollector();
        for (int i = 0; i < DtmfCollector.MAX_DIGITS - 1; i++) {
            assertThat(keys.add('9')).isEmpty();
        }
        assertThat(keys.add('9')).hasValueSatisfying(v -> assertThat(v).hasSize(DtmfCollector.MAX_DIGITS));
    }

    @Test
    void markNamesRoundTripAndForeignNamesAreRejected() {
        MarkName mark = new MarkName(3, 17, 2);
        assertThat(mark.wire()).isEqualTo("t3.u17.s2");
        assertThat(MarkName.parse(mark.wire())).contains(mark);
        assertThat(MarkName.parse(new MarkName(-1, 5, 0).wire())).contains(new MarkName(-1, 5, 0));
        assertThat(MarkName.parse("greeting-done")).isEmpty();
        assertThat(MarkName.parse("t1.u2")).isEmpty();
        assertThat(MarkName.parse("tx.u2.s3")).isEmpty();
        assertThat(MarkName.parse(null)).isEmpty();
    }

    @Test
    void frameRingKeepsTheLastFramesOldestFirst() {
        FrameRing ring = new FrameRing(3, 2);
        for (byte b = 1; b <= 5; b++) {
            ring.add(new byte[] {0, b, b}, 1);
        }
        List<Integer> firstBytes = new ArrayList<>();
        ring.forEachOldestFirst(frame -> firstBytes.add((int) frame[0]));
        assertThat(firstBytes).containsExactly(3, 4, 5);
        assertThat(ring.size()).isEqualTo(3);
        ring.clear();
        ring.forEachOldestFirst(frame -> firstBytes.add(-1));
        assertThat(firstBytes).containsExactly(3, 4, 5);
        ring.add(new byte[] {7, 7}, 0);
        assertThat(ring.size()).isEqualTo(1);
    }
}
