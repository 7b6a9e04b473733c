/**
 * Photo tiling: a group photo letterboxed into 256² leaves far faces a few pixels wide. The
 * photo is also analysed as a grid of overlapping tiles, each enlarged to the model input, and
 * the detections are merged. Faces cut by a tile's inner edge are left to the neighbouring
 * tile (the overlap guarantees one that holds them whole) or to the whole-photo pass.
 */
import type { Box, FaceDetection } from '../shared/types';

/** 2×2 tiles, each a quarter of the photo grown by a third: a face up to ~1/6 of the photo fits whole in one. */
export const PHOTO_TILE_GRID = 2;
export const PHOTO_TILE_OVERLAP = 1 / 3;
/** Photos whose longest side is at most this many model inputs are analysed in one pass only. */
export const TILE_MIN_SIDE_FACTOR = 2;
/** Boxes closer than this (in tile pixels) to an inner edge count as cut. */
export const TILE_EDGE_PX = 1;

/** The grid×grid overlapping tiles of a width×height photo, in photo pixels. */
export function photoTiles(
  width: number,
  height: number,
  grid: number = PHOTO_TILE_GRID,
  overlap: number = PHOTO_TILE_OVERLAP,
): Box[] {
  const tileW = Math.min(width, (width / grid) * (1 + overlap));
  const tileH = Math.min(height, (height / grid) * (1 + overlap));
  const tiles: Box[] = [];
  for (let row = 0; row < grid; row += 1) {
    for (let col = 0; col < grid; col += 1) {
      const x = grid === 1 ? 0 : ((width - tileW) * col) / (grid - 1);
      const y = grid === 1 ? 0 : ((height - tileH) * row) / (grid - 1);
      tiles.push({ x, y, width: tileW, height: tileH });
    }
  }
  return tiles;
}

/**
 * Detections of one tile (in tile pixels, boxes clipped to the tile) → photo pixels, without
 * the faces the tile cut through on an edge shared with another tile.
 */
export function fromTile(
  faces: readonly FaceDetection[],
  tile: Box,
  photoWidth: number,
  photoHeight: number,
): FaceDetection[] {
  const innerLeft = tile.x > 0;
  const innerTop = tile.y > 0;
  const innerRight = tile.x + tile.width < photoWidth - TILE_EDGE_PX;
  const innerBottom = tile.y + tile.height < photoHeight - TILE_EDGE_PX;
  return faces
    .filter(({ box }) => {
      if (innerLeft && box.x <= TILE_EDGE_PX) return false;
      if (innerTop && box.y <= TILE_EDGE_PX) return false;
      if (innerRight && box.x + box.width >= tile.width - TILE_EDGE_PX) return false;
      if (innerBottom && box.y + box.height >= tile.height - TILE_EDGE_PX) return false;
      return true;
    })
    .map(({ box, score, keypoints }) => ({
      box: { x: box.x + tile.x, y: box.y + tile.y, width: box.width, height: box.height },
      score,
      keypoints: keypoints.map(([x, y]) => [x + tile.x, y + tile.y]),
    }));
}
