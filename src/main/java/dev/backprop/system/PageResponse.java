package dev.backprop.system;

import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/** One page of a listing, with where it sits in the whole. */
public record PageResponse<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

    /** The highest page a listing serves: with at most 1,000 per page, the offset stays an int. */
    public static final int MAX_PAGE = 1_000_000;

    public static <E, T> PageResponse<T> of(Page<E> page, Function<? super E, ? extends T> mapper) {
        return new PageResponse<>(page.getContent().stream().<T>map(mapper).toList(),
                page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
