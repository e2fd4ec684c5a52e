module.exports = require("./make.js")("LxcSnapshot");
