module.exports = require("./make.js")("LxcTemplate");
